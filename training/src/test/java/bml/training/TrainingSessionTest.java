package bml.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bml.config.Loss;
import bml.config.Optimizer;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

class TrainingSessionTest {

    @Test
    void sameSeedGivesIdenticalInitialWeightsAndFirstLoss() {
        byte[] pixels = Fixtures.pixels(Fixtures.BATCH, 1);
        int[] labels = Fixtures.labels(Fixtures.BATCH, 2);
        try (TrainingSession a = Fixtures.session(Fixtures.cnn(4), Fixtures.adam(1e-3), 11);
                TrainingSession b = Fixtures.session(Fixtures.cnn(4), Fixtures.adam(1e-3), 11)) {
            WeightSnapshot sa = a.snapshot();
            WeightSnapshot sb = b.snapshot();
            for (int i = 0; i < sa.size(); i++) {
                assertArrayEquals(sa.values(i), sb.values(i), sa.name(i));
            }
            assertEquals(a.step(pixels, labels, Fixtures.BATCH).loss(), b.step(pixels, labels, Fixtures.BATCH).loss());
        }
    }

    @Test
    void differentSeedGivesDifferentInitialWeights() {
        try (TrainingSession a = Fixtures.session(Fixtures.cnn(4), Fixtures.adam(1e-3), 11);
                TrainingSession b = Fixtures.session(Fixtures.cnn(4), Fixtures.adam(1e-3), 12)) {
            assertFalse(Arrays.equals(a.snapshot().values(0), b.snapshot().values(0)));
        }
    }

    @Test
    void mseLossIsTheMeanOverBatchAndClassesOfSquaredErrors() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray logits = manager.create(new float[] {0.5f, -1f, 2f, 0f, 1f, 3f}, new Shape(2, 3));
            NDArray target = manager.create(new float[] {1, 0, 0, 0, 0, 1}, new Shape(2, 3));
            // (0.5-1)^2 + 1 + 4 + 0 + 1 + (3-1)^2 = 0.25 + 1 + 4 + 0 + 1 + 4 = 10.25, over 6 entries
            assertEquals(10.25 / 6, LossFunction.MSE.compute(logits, target).getFloat(), 1e-6);
        }
    }

    @Test
    void crossEntropyLossIsTheMeanNegativeLogSoftmaxOfTheLabel() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray logits = manager.create(new float[] {1f, 2f, 3f, 0f, 0f, 0f}, new Shape(2, 3));
            NDArray target = manager.create(new float[] {0, 0, 1, 1, 0, 0}, new Shape(2, 3));
            double first = -(3 - Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3)));
            double second = Math.log(3);
            assertEquals((first + second) / 2, LossFunction.CROSS_ENTROPY.compute(logits, target).getFloat(), 1e-6);
        }
    }

    @Test
    void memorisesSixteenRandomLabelsOfAFixedBatch() {
        int count = 16;
        byte[] pixels = Fixtures.pixels(count, 5);
        int[] labels = Fixtures.labels(count, 6);
        try (TrainingSession session = Fixtures.session(Fixtures.cnn(8), Fixtures.adam(3e-3), 3)) {
            StepResult first = session.step(pixels, labels, count);
            StepResult last = first;
            for (int i = 0; i < 100; i++) {
                last = session.step(pixels, labels, count);
            }
            assertEquals(1.0, last.accuracy(), "all 16 random labels fitted");
            assertTrue(last.loss() < first.loss() / 2, first + " -> " + last);
        }
    }

    @Test
    void sgdWithMomentumAndCrossEntropyReduceTheLoss() {
        byte[] pixels = Fixtures.pixels(Fixtures.BATCH, 5);
        int[] labels = Fixtures.labels(Fixtures.BATCH, 6);
        try (TrainingSession session =
                Fixtures.session(Fixtures.cnn(4), Fixtures.training(Optimizer.SGD, 0.05, Loss.CROSS_ENTROPY), 3)) {
            double first = session.step(pixels, labels, Fixtures.BATCH).loss();
            double last = first;
            for (int i = 0; i < 20; i++) {
                last = session.step(pixels, labels, Fixtures.BATCH).loss();
            }
            assertTrue(last < first, first + " -> " + last);
            assertEquals(21, session.step());
        }
    }

    @Test
    void absurdLearningRateEndsTheRunWithNonFiniteLossException() {
        byte[] pixels = Fixtures.pixels(Fixtures.BATCH, 5);
        int[] labels = Fixtures.labels(Fixtures.BATCH, 6);
        try (TrainingSession session = Fixtures.session(Fixtures.cnn(4), Fixtures.adam(1e30), 3)) {
            NonFiniteLossException e = assertThrows(NonFiniteLossException.class, () -> {
                for (int i = 0; i < 10; i++) {
                    session.step(pixels, labels, Fixtures.BATCH);
                }
            });
            assertFalse(Double.isFinite(e.loss()));
            assertEquals(session.step() + 1, e.step(), "the failing step is the one after the last completed");
            assertTrue(e.getMessage().contains("step " + e.step()), e.getMessage());
        }
    }

    @Test
    void newLearningRateAppliesFromTheNextStep() {
        byte[] pixels = Fixtures.pixels(Fixtures.BATCH, 5);
        int[] labels = Fixtures.labels(Fixtures.BATCH, 6);
        try (TrainingSession session = Fixtures.session(Fixtures.cnn(4), Fixtures.adam(1e-2), 3)) {
            float[] before = session.snapshot().values(0);
            session.setLearningRate(1e-30);
            assertEquals(1e-30, session.learningRate());
            session.step(pixels, labels, Fixtures.BATCH);
            assertArrayEquals(before, session.snapshot().values(0), 1e-20f);
            session.setLearningRate(1e-2);
            session.step(pixels, labels, Fixtures.BATCH);
            assertFalse(Arrays.equals(before, session.snapshot().values(0)));
        }
    }

    @Test
    void snapshotIsACopyThatLaterTrainingLeavesUnchanged() {
        byte[] pixels = Fixtures.pixels(Fixtures.BATCH, 5);
        int[] labels = Fixtures.labels(Fixtures.BATCH, 6);
        try (TrainingSession session = Fixtures.session(Fixtures.cnn(4), Fixtures.adam(1e-2), 3)) {
            session.step(pixels, labels, Fixtures.BATCH);
            WeightSnapshot snapshot = session.snapshot();
            float[] copy = snapshot.values(0);
            int runningMean = snapshot.names().indexOf("01b1_02BatchNorm_runningMean");
            float[] meanCopy = snapshot.values(runningMean);
            session.step(pixels, labels, Fixtures.BATCH);
            assertEquals(1, snapshot.step());
            assertArrayEquals(copy, snapshot.values(0));
            assertArrayEquals(meanCopy, snapshot.values(runningMean));
            assertFalse(Arrays.equals(copy, session.snapshot().values(0)), "training moved on");
            assertFalse(Arrays.equals(meanCopy, session.snapshot().values(runningMean)), "BN stats moved on");
        }
    }

    @Test
    void rejectsALabelOutsideTheClassesNamingItsIndex() {
        int[] labels = Fixtures.labels(Fixtures.BATCH, 6);
        labels[3] = Fixtures.CLASSES;
        try (TrainingSession session = Fixtures.session(Fixtures.cnn(4), Fixtures.adam(1e-3), 3)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> session.step(Fixtures.pixels(Fixtures.BATCH, 5), labels, Fixtures.BATCH));
            assertTrue(e.getMessage().contains("labels[3]"), e.getMessage());
            assertEquals(0, session.step());
        }
    }

    @Test
    void keepsNoPerStepArraysAlive() {
        byte[] pixels = Fixtures.pixels(Fixtures.BATCH, 5);
        int[] labels = Fixtures.labels(Fixtures.BATCH, 6);
        try (TrainingSession session = Fixtures.session(Fixtures.cnn(4), Fixtures.adam(1e-3), 3)) {
            session.step(pixels, labels, Fixtures.BATCH);
            int arrays = session.manager().getManagedArrays().size();
            for (int i = 0; i < 3; i++) {
                session.step(pixels, labels, Fixtures.BATCH);
            }
            assertEquals(arrays, session.manager().getManagedArrays().size());
        }
    }
}
