package bml.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code bml bench}'s first figures: every transforming pipeline renders views (a quick pass, no speed asserted). */
class AugmentationBenchmarkTest {
    @Test
    void measuresEveryPipelineThatTransformsItsSample() {
        List<AugmentationBenchmark.Result> results = AugmentationBenchmark.run(0.05);
        assertEquals(List.of("none", "standard", "full"), results.stream().map(AugmentationBenchmark.Result::pipeline)
                .toList(), "iid copies other images: there is no transform to measure");
        results.forEach(result -> assertTrue(result.views() > 0, result.pipeline() + " rendered views"));
    }
}
