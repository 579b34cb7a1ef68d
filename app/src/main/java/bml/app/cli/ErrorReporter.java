package bml.app.cli;

import bml.data.DatasetException;
import bml.config.ConfigError;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/** Turns the errors a user can cause (bad config, bad data files) into a clear message and exit code 2. */
final class ErrorReporter implements IExecutionExceptionHandler {
    static final int BAD_INPUT = 2;

    @Override
    public int handleExecutionException(Exception error, CommandLine commandLine, ParseResult parseResult)
            throws Exception {
        if (error instanceof ConfigError || error instanceof DatasetException || error instanceof BadInputException) {
            commandLine.getErr().println("bml: " + error.getMessage());
            return BAD_INPUT;
        }
        throw error;
    }
}
