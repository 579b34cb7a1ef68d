package bml.augmentation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import bml.config.Pipeline;
import java.util.List;
import org.junit.jupiter.api.Test;

class PipelinesTest {
    private static List<Class<?>> opClasses(Pipeline pipeline) {
        List<AugmentationOp> ops = Pipelines.build(TestImages.settings(pipeline, 0)).ops();
        return ops.stream().<Class<?>>map(Object::getClass).toList();
    }

    @Test
    void noneHasNoOps() {
        assertEquals(List.of(), opClasses(Pipeline.NONE));
    }

    @Test
    void standardIsPaddedCropThenFlip() {
        assertEquals(List.of(PaddedRandomCrop.class, HorizontalFlip.class), opClasses(Pipeline.STANDARD));
    }

    @Test
    void fullIsThePapersOrder() {
        assertEquals(List.of(RandomResizedCrop.class, HorizontalFlip.class, ColorJitter.class, RandomGrayscale.class),
                opClasses(Pipeline.FULL));
        assertEquals("full", Pipelines.build(TestImages.settings(Pipeline.FULL, 0)).name());
    }
}
