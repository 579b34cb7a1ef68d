package bml.actors;

import bml.training.ResumeData;
import bml.training.StepResult;
import bml.training.WeightSnapshot;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A training session whose steps wait for the test: each step announces itself in {@link #started} and runs only
 * when the test {@link #release}s it, so a test decides exactly when a step is in flight.
 */
final class FakeSession implements TrainerSession {
    /** Step numbers as they start. */
    final BlockingQueue<Long> started = new LinkedBlockingQueue<>();
    /** The learning rate each step ran with. */
    final Map<Long, Double> learningRates = new ConcurrentHashMap<>();
    /** The extras of every checkpoint written, in order. */
    final BlockingQueue<ResumeData> checkpoints = new LinkedBlockingQueue<>();
    final AtomicBoolean failCheckpoints = new AtomicBoolean();
    final CountDownLatch closed = new CountDownLatch(1);
    /** Set when the session was closed while a step or checkpoint was using it. */
    final AtomicBoolean closedWhileInUse = new AtomicBoolean();
    private final Semaphore gate = new Semaphore(0);
    private final AtomicBoolean inUse = new AtomicBoolean();
    private volatile double lr;
    private volatile long steps;

    FakeSession(long steps) {
        this.steps = steps;
    }

    /** Lets {@code count} more steps run. */
    void release(int count) {
        gate.release(count);
    }

    /** Waits for the next step to start and returns its number. */
    long awaitStarted() throws InterruptedException {
        Long step = started.poll(10, TimeUnit.SECONDS);
        if (step == null) {
            throw new AssertionError("no step started");
        }
        return step;
    }

    void assertNoStepStarts() throws InterruptedException {
        Long step = started.poll(300, TimeUnit.MILLISECONDS);
        if (step != null) {
            throw new AssertionError("step " + step + " started");
        }
    }

    @Override
    public long step() {
        return steps;
    }

    @Override
    public String device() {
        return "fake";
    }

    @Override
    public StepResult step(byte[] pixels, int[] labels, int count) {
        inUse.set(true);
        try {
            long step = steps + 1;
            learningRates.put(step, lr);
            started.add(step);
            gate.acquireUninterruptibly();
            steps = step;
            return new StepResult(1.0 / step, 0.5);
        } finally {
            inUse.set(false);
        }
    }

    @Override
    public void setLearningRate(double lr) {
        this.lr = lr;
    }

    @Override
    public void setMomentum(double momentum) {
    }

    @Override
    public WeightSnapshot snapshot() {
        return new WeightSnapshot(steps, List.of("w"), List.of(new long[] {1}), List.of(new float[] {steps}));
    }

    @Override
    public void saveCheckpoint(Path file, ResumeData resume) {
        if (failCheckpoints.get()) {
            throw new IllegalStateException("disk full");
        }
        checkpoints.add(resume);
    }

    @Override
    public ResumeData loadCheckpoint(Path file) {
        throw new UnsupportedOperationException("the fake session is never resumed");
    }

    @Override
    public void close() {
        if (inUse.get()) {
            closedWhileInUse.set(true);
        }
        closed.countDown();
    }
}
