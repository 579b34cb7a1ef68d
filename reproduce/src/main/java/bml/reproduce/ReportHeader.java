package bml.reproduce;

import bml.config.DeviceChoice;
import bml.training.Devices;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What the top of a report states about how it was made: the command, the code's commit and the machine.
 *
 * @param device the DJL device {@code training.device} resolves to, or why it does not resolve
 */
public record ReportHeader(String commandLine, String gitCommit, int cores, String os, String java, String device,
                           Instant started) {

    /** Describes this process: the commit of {@code workingDirectory} and the machine it runs on. */
    public static ReportHeader describe(String commandLine, Path workingDirectory, DeviceChoice deviceSetting) {
        Runtime runtime = Runtime.getRuntime();
        return new ReportHeader(commandLine, gitCommit(workingDirectory), runtime.availableProcessors(),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " ("
                        + System.getProperty("os.arch") + ")",
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
                device(deviceSetting), Instant.now());
    }

    /**
     * {@code git rev-parse HEAD} in {@code directory}, marked when tracked files have uncommitted changes; "unknown"
     * when git or the repository is missing.
     */
    static String gitCommit(Path directory) {
        String head = git(directory, "rev-parse", "HEAD");
        if (head == null || !head.matches("[0-9a-f]{40}")) {
            return "unknown";
        }
        String changes = git(directory, "status", "--porcelain", "--untracked-files=no");
        return changes == null || changes.isEmpty() ? head : head + " (with uncommitted changes)";
    }

    /** The trimmed output of a git command, or null when it fails. */
    private static String git(Path directory, String... args) {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        try {
            Process git = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
            String out;
            try (InputStream in = git.getInputStream()) {
                out = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            }
            return git.waitFor(10, TimeUnit.SECONDS) && git.exitValue() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static String device(DeviceChoice setting) {
        try {
            return Devices.resolve(setting) + " (training.device = " + setting + ")";
        } catch (RuntimeException e) {
            return "none usable (training.device = " + setting + "): " + e.getMessage();
        }
    }
}
