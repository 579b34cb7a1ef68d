package bml.probing;

/**
 * A 95% interval for an accuracy ({@link QueryBootstrap}).
 *
 * @param low  lower bound, in [0, 1]
 * @param high upper bound, in [low, 1]
 */
public record AccuracyInterval(double low, double high) {
}
