package bml.app.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code bml} command: a streaming benign-memorization experiment and its tools. */
@Command(name = "bml", mixinStandardHelpOptions = true, version = "bml 0.1.0",
        description = "Streaming experiments on benign memorization: augmentation actors feed a trainer fitting "
                + "random labels while probes measure each layer's k-NN accuracy on the true labels.",
        subcommands = {RunCommand.class, ResumeCommand.class, ForkCommand.class, WatchCommand.class, SetCommand.class,
                ViewsCommand.class, BenchCommand.class, ExportCommand.class, ServeCommand.class, ReproduceCommand.class, SweepCommand.class,
                WorkerCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        int code = run(args);
        System.exit(code);
    }

    /** Runs the command line and returns its exit code, so tests call the same path a user does. */
    public static int run(String... args) {
        return new CommandLine(new Main()).setExecutionExceptionHandler(new ErrorReporter()).execute(args);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
