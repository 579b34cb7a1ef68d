package bml.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How the network is optimised ({@code bml.training}).
 *
 * <p>Why: the trainer takes this record rather than a raw config; lr and momentum may change while an
 * experiment runs, everything else is fixed for the run.
 *
 * @param steps           optimiser steps; 0 = until stopped
 * @param batchSize       views per step, 1..8192
 * @param optimizer       adam or sgd
 * @param lr              learning rate, finite, in (0, 10]
 * @param momentum        sgd momentum, in [0, 1)
 * @param loss            mse (on one-hot labels, as the paper) or cross-entropy
 * @param checkpointEvery steps between checkpoints; 0 = only at the end
 * @param device          auto, cpu or gpu
 * @param threads         CPU compute threads; 0 = all cores
 * @param keepLast        step checkpoints kept: the newest this many ({@code checkpoint-keep-last}, >= 1)
 * @param keepEvery       and every one whose step is a multiple of this ({@code checkpoint-keep-every}; 0 = none)
 */
public record TrainingSettings(long steps, int batchSize, Optimizer optimizer, double lr, double momentum,
                               Loss loss, long checkpointEvery, DeviceChoice device, int threads, int keepLast,
                               long keepEvery) {

    /** The default step-checkpoint retention: the newest 3, and every 10,000th step. */
    public static final int DEFAULT_KEEP_LAST = 3;
    public static final long DEFAULT_KEEP_EVERY = 10_000;

    /** Settings with the default step-checkpoint retention. */
    public TrainingSettings(long steps, int batchSize, Optimizer optimizer, double lr, double momentum, Loss loss,
                            long checkpointEvery, DeviceChoice device, int threads) {
        this(steps, batchSize, optimizer, lr, momentum, loss, checkpointEvery, device, threads, DEFAULT_KEEP_LAST,
                DEFAULT_KEEP_EVERY);
    }

    public TrainingSettings {
        Objects.requireNonNull(optimizer, "optimizer");
        Objects.requireNonNull(loss, "loss");
        Objects.requireNonNull(device, "device");
    }

    static TrainingSettings read(SettingsReader r) {
        return new TrainingSettings(
                r.wholeNumber("steps", 0, Long.MAX_VALUE),
                r.wholeInt("batch-size", 1, 8192),
                r.oneOf("optimizer", Optimizer.class),
                r.number("lr", new Interval(0, true, 10, false)),
                r.number("momentum", new Interval(0, false, 1, true)),
                r.oneOf("loss", Loss.class),
                r.wholeNumber("checkpoint-every", 0, Long.MAX_VALUE),
                r.oneOf("device", DeviceChoice.class),
                r.wholeInt("threads", 0, Integer.MAX_VALUE),
                r.wholeInt("checkpoint-keep-last", 1, Integer.MAX_VALUE),
                r.wholeNumber("checkpoint-keep-every", 0, Long.MAX_VALUE));
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("steps", steps);
        m.put("batch-size", batchSize);
        m.put("optimizer", optimizer.configName());
        m.put("lr", lr);
        m.put("momentum", momentum);
        m.put("loss", loss.configName());
        m.put("checkpoint-every", checkpointEvery);
        m.put("device", device.configName());
        m.put("threads", threads);
        m.put("checkpoint-keep-last", keepLast);
        m.put("checkpoint-keep-every", keepEvery);
        return m;
    }
}
