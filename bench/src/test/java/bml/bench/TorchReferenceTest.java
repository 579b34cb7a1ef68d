package bml.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import bml.bench.TorchReference.Figures;
import bml.bench.TorchReference.Request;
import bml.bench.TorchReference.What;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the real script briefly; the figures are only checked for sense, never against a speed (STYLE 14). */
class TorchReferenceTest {

    private static final Path SCRIPT = Path.of("src/main/resources/bml/bench/torch_reference.py");

    private static Request request(Path python, Path script, What what) {
        return new Request(python, script, what, Duration.ofSeconds(1), 2, 32, TorchReference.ENCODER, 8, 64, 10, 256);
    }

    private static Optional<TorchReference.Unavailable> torchMissing;

    @BeforeAll
    static void checkTorch() {
        torchMissing = TorchReference.check(TorchReference.SYSTEM_PYTHON);
    }

    private static void assumeTorch() {
        assumeTrue(torchMissing.isEmpty(), () -> torchMissing.orElseThrow().reason());
    }

    private static Figures measured(Request request) {
        TorchReference.Result result = TorchReference.measure(request);
        if (result instanceof TorchReference.Unavailable unavailable) {
            throw new AssertionError("expected figures, got: " + unavailable.reason());
        }
        return ((TorchReference.Measured) result).figures();
    }

    private static void assertRate(double value) {
        assertTrue(Double.isFinite(value) && value > 0, "expected a positive finite rate, got " + value);
    }

    private static void assertVersions(Figures figures) {
        assertTrue(figures.versions().torch().startsWith("1.") || figures.versions().torch().startsWith("2."),
                figures.versions().torch());
        for (String version : new String[] {figures.versions().torchvision(), figures.versions().pil(),
                figures.versions().python(), figures.versions().numpy()}) {
            assertFalse(version == null || version.isBlank(), "a version is missing: " + figures.versions());
        }
    }

    @Test
    void measuresTheBareTrainingStepOfTheRequestedModel() {
        assumeTorch();
        Figures figures = measured(request(TorchReference.SYSTEM_PYTHON, SCRIPT, What.STEP));
        assertRate(figures.step().samplesPerSecond());
        assertTrue(figures.step().steps() > 0);
        assertEquals("cnn", figures.settings().encoder());
        assertEquals(8, figures.settings().width());
        assertEquals(64, figures.settings().headWidth());
        assertEquals(32, figures.settings().batch());
        assertEquals(2, figures.machine().torchThreads());
        assertEquals("PASSIVE", figures.machine().ompWaitPolicy());
        assertNull(figures.augment());
        assertNull(figures.pipeline());
        assertVersions(figures);
    }

    @Test
    void measuresTorchvisionFullAugmentationOnOneThread() {
        assumeTorch();
        Figures figures = measured(request(TorchReference.SYSTEM_PYTHON, SCRIPT, What.AUGMENT));
        assertRate(figures.augment().viewsPerSecond());
        assertEquals(1, figures.augment().threads());
        assertNull(figures.step());
        assertVersions(figures);
    }

    @Test
    void reportsAScriptFailureWithItsLastErrorLine(@TempDir Path dir) throws IOException {
        assumeTorch();
        Path script = Files.writeString(dir.resolve("fails.py"), "import sys\nsys.exit('out of cheese')\n");
        TorchReference.Result result = TorchReference.measure(request(TorchReference.SYSTEM_PYTHON, script,
                What.STEP));
        String reason = assertInstanceOf(TorchReference.Unavailable.class, result).reason();
        assertTrue(reason.contains("exit 1") && reason.contains("out of cheese"), reason);
    }

    @Test
    void namesThePackagesToInstallWhenThereIsNoPython() {
        TorchReference.Result result = TorchReference.measure(request(Path.of("/nonexistent/python3"), SCRIPT,
                What.STEP));
        String reason = assertInstanceOf(TorchReference.Unavailable.class, result).reason();
        assertTrue(reason.contains("/nonexistent/python3") && reason.contains("apt-get install")
                && reason.contains("python3-torch python3-torchvision"), reason);
    }

    @Test
    void namesTheDebianPackageWhenPythonCannotImportTorch(@TempDir Path dir) throws IOException {
        Path python = Files.writeString(dir.resolve("python3"),
                "#!/bin/sh\necho \"ModuleNotFoundError: No module named 'torch'\" >&2\nexit 1\n");
        assumeTrue(python.toFile().setExecutable(true), "cannot make a fake python executable here");
        String reason = TorchReference.check(python).orElseThrow().reason();
        assertTrue(reason.startsWith("python3-torch is not installed")
                && reason.endsWith("apt-get install python3-torch python3-torchvision"), reason);
    }

    @Test
    void refusesAnEncoderTheScriptDoesNotBuild() {
        Request resnet = new Request(TorchReference.SYSTEM_PYTHON, SCRIPT, What.STEP, Duration.ofSeconds(1), 2, 32,
                "resnet18", 8, 64, 10, 256);
        String reason = assertInstanceOf(TorchReference.Unavailable.class, TorchReference.measure(resnet)).reason();
        assertTrue(reason.contains("resnet18") && reason.contains("model.encoder=cnn"), reason);
    }

    @Test
    void namesTheMissingScript() {
        Path script = Path.of("src/main/resources/bml/bench/no_such_script.py");
        TorchReference.Result result = TorchReference.measure(request(TorchReference.SYSTEM_PYTHON, script,
                What.STEP));
        String reason = assertInstanceOf(TorchReference.Unavailable.class, result).reason();
        assertTrue(reason.contains("no_such_script.py"), reason);
    }
}
