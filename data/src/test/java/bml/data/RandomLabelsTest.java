package bml.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bml.config.LabelSettings;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RandomLabelsTest {
    private static final ImageSet TRAIN = ShapesDataset.generate(1000, 3, "shapes-train");

    @Test
    void sameSeedGivesTheSameLabelsAndEveryViewOfASampleSharesIt() {
        RandomLabels a = RandomLabels.draw(TRAIN, new LabelSettings(1.0, false), 0, 9);
        RandomLabels b = RandomLabels.draw(TRAIN, new LabelSettings(1.0, false), 0, 9);
        assertArrayEquals(a.perSample(), b.perSample());
        for (int view = 0; view < 5; view++) {
            assertEquals(a.perSample()[17], a.label(17, view));
        }
        RandomLabels other = RandomLabels.draw(TRAIN, new LabelSettings(1.0, false), 0, 10);
        assertFalse(Arrays.equals(a.perSample(), other.perSample()));
    }

    @Test
    void fullNoiseLabelsAreUniformAndMostlyWrong() {
        RandomLabels labels = RandomLabels.draw(TRAIN, new LabelSettings(1.0, false), 0, 1);
        int agree = 0;
        int[] counts = new int[10];
        for (int i = 0; i < TRAIN.size(); i++) {
            assertFalse(labels.keptTrueLabel(i));
            counts[labels.label(i, 0)]++;
            agree += labels.label(i, 0) == TRAIN.labels()[i] ? 1 : 0;
        }
        assertTrue(agree > 60 && agree < 140, "random labels agree with the truth " + agree + " times in 1000");
        for (int count : counts) {
            assertTrue(count > 60 && count < 140, "class count " + count);
        }
    }

    @Test
    void noiseKeepsExactlyTheFloorOfTheCleanFractionTrue() {
        RandomLabels labels = RandomLabels.draw(TRAIN, new LabelSettings(0.37, false), 0, 1);
        int kept = 0;
        for (int i = 0; i < TRAIN.size(); i++) {
            if (labels.keptTrueLabel(i)) {
                kept++;
                assertEquals(TRAIN.labels()[i], labels.label(i, 0));
            }
        }
        assertEquals((int) Math.floor(1000 * (1 - 0.37)), kept);
    }

    @Test
    void zeroNoiseGivesTheTrueLabels() {
        RandomLabels labels = RandomLabels.draw(TRAIN, new LabelSettings(0.0, false), 0, 1);
        assertArrayEquals(TRAIN.labels(), labels.perSample());
    }

    @Test
    void perViewLabelsAreFixedPerSampleAndViewButDifferAcrossViews() {
        RandomLabels a = RandomLabels.draw(TRAIN, new LabelSettings(1.0, true), 4, 2);
        RandomLabels b = RandomLabels.draw(TRAIN, new LabelSettings(1.0, true), 4, 2);
        int differ = 0;
        for (int i = 0; i < TRAIN.size(); i++) {
            for (int v = 0; v < 4; v++) {
                assertEquals(a.label(i, v), b.label(i, v));
            }
            differ += a.label(i, 0) != a.label(i, 1) ? 1 : 0;
        }
        assertTrue(differ > 800, "views 0 and 1 differ for " + differ + " of 1000 samples");
        assertTrue(a.perView());
        assertEquals(4, a.viewsPerSample());
    }

    @Test
    void aViewBeyondTheCountThePerViewLabelsWereDrawnForIsRefusedNamingBothSettings() {
        RandomLabels labels = RandomLabels.draw(TRAIN, new LabelSettings(1.0, true), 4, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> labels.label(7, 4));
        assertEquals("labels.per-view = true: the labels were drawn for augmentation.views-per-sample = 4 (one label "
                + "per sample and view 0..3), got view 4 of sample 7; the view count cannot change while the labels "
                + "are per view", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> labels.label(7, -1));
    }

    @Test
    void producersCanCheckTheViewCountBeforeRenderingAnything() {
        RandomLabels perView = RandomLabels.draw(TRAIN, new LabelSettings(1.0, true), 4, 2);
        perView.requireViewsPerSample(4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> perView.requireViewsPerSample(8));
        assertTrue(e.getMessage().contains("drawn for augmentation.views-per-sample = 4")
                && e.getMessage().contains("got views made with augmentation.views-per-sample = 8"), e.getMessage());
        RandomLabels shared = RandomLabels.draw(TRAIN, new LabelSettings(1.0, false), 0, 2);
        shared.requireViewsPerSample(0);
        shared.requireViewsPerSample(64);
        assertEquals(0, shared.viewsPerSample());
    }

    @Test
    void cleanImagesHaveATrainingLabelOnlyWhenAllViewsShareIt() {
        RandomLabels shared = RandomLabels.draw(TRAIN, new LabelSettings(1.0, false), 4, 2);
        assertArrayEquals(shared.perSample(), shared.perSampleTrainingLabels().orElseThrow());
        assertTrue(RandomLabels.draw(TRAIN, new LabelSettings(1.0, true), 4, 2).perSampleTrainingLabels().isEmpty());
    }

    @Test
    void aSampleOutsideTheTrainingSetIsRefused() {
        RandomLabels labels = RandomLabels.draw(TRAIN, new LabelSettings(1.0, false), 0, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> labels.label(1000, 0));
        assertEquals("random labels: expected a sample in [0, 1000), got 1000", e.getMessage());
    }

    @Test
    void perViewLabelsNeedAFixedViewCount() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RandomLabels.draw(TRAIN, new LabelSettings(1.0, true), 0, 1));
        assertTrue(e.getMessage().contains("views-per-sample > 0"), e.getMessage());
    }
}
