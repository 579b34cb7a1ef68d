package bml.actors;

import bml.config.BmlSettings;
import bml.data.DataSplits;
import bml.data.RandomLabels;
import bml.reproduce.DataCache;
import bml.runfiles.RunDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * What a run of a sweep needs before its {@link Guardian} starts: its directory, created with its settings and
 * locked, and its data and labels. Opening them is file work: call {@link #open} off the actors' threads.
 */
public record RunInputs(BmlSettings settings, DataSplits data, RandomLabels labels, RunDirectory directory,
                        AutoCloseable lock) {

    /** Work in the locked run directory before the data loads, such as making the run a checkpoint's continuation. */
    @FunctionalInterface
    public interface DirectoryWork {
        void apply(RunDirectory directory) throws IOException;

        DirectoryWork NONE = directory -> { };
    }

    /**
     * Creates {@code directory} with {@code settings} and locks it, does {@code work} in it, then loads the data
     * (once per data set, from {@code data}) and draws the labels; the lock is released when any of it fails.
     *
     * @throws UncheckedIOException when the directory cannot be created, locked or worked in
     */
    public static RunInputs open(RunDirectory directory, BmlSettings settings, DataCache data, DirectoryWork work) {
        AutoCloseable lock;
        try {
            directory.create(settings);
            lock = directory.lock();
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
        try {
            work.apply(directory);
            DataSplits splits = data.forRun(settings);
            return new RunInputs(settings, splits, RandomLabels.forRun(splits.train(), settings), directory, lock);
        } catch (IOException e) {
            release(lock);
            throw new UncheckedIOException(e.getMessage(), e);
        } catch (RuntimeException e) {
            release(lock);
            throw e;
        }
    }

    /** Releases the run directory's lock. */
    public void release() {
        release(lock);
    }

    private static void release(AutoCloseable lock) {
        try {
            lock.close();
        } catch (Exception e) {
            // The lock's file channel is gone either way; nothing depends on a clean close.
        }
    }
}
