package bml.config;

/**
 * The Chronicle Queue roll cycle of the run's queues ({@code queue.roll-cycle}), by name, so that this library
 * needs no Chronicle dependency; the queue code maps each name to Chronicle's cycle of the same name.
 */
public enum RollCycleName implements ConfigEnum {
    FIVE_MINUTELY, TEN_MINUTELY, TWENTY_MINUTELY, HALF_HOURLY, FAST_HOURLY, TWO_HOURLY, FOUR_HOURLY, SIX_HOURLY,
    FAST_DAILY,
    /** One file a second: for tests of cycle rolls. */
    TEST_SECONDLY;

    /** Chronicle's own spelling, which is also the constant's name. */
    @Override
    public String configName() {
        return name();
    }
}
