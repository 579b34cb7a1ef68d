package bml.augmentation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PipelinesTest {
    private static List<Class<?>> opClasses(String pipeline) {
        List<AugmentationOp> ops = Pipelines.build(TestImages.settings(pipeline, 0)).ops();
        return ops.stream().<Class<?>>map(Object::getClass).toList();
    }

    @Test
    void noneHasNoOps() {
        assertEquals(List.of(), opClasses("none"));
    }

    @Test
    void standardIsPaddedCropThenFlip() {
        assertEquals(List.of(PaddedRandomCrop.class, HorizontalFlip.class), opClasses("standard"));
    }

    @Test
    void fullIsThePapersOrder() {
        assertEquals(List.of(RandomResizedCrop.class, HorizontalFlip.class, ColorJitter.class, RandomGrayscale.class),
                opClasses("full"));
        assertEquals("full", Pipelines.build(TestImages.settings("full", 0)).name());
    }

    @Test
    void unknownPipelineIsRejectedWithTheKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Pipelines.build(TestImages.settings("strong", 0)));
        assertTrue(e.getMessage().startsWith("augmentation.pipeline: expected one of"), e.getMessage());
    }
}
