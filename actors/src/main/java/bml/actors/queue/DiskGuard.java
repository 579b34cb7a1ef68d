package bml.actors.queue;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/** Says whether the disk holding the run has room for more views; the augmentation writers pause when not. */
public interface DiskGuard {

    boolean hasRoom();

    /** Why there is no room, for the log. */
    String describe();

    /** Room means at least {@code minFreeMb} MiB usable on the file store of {@code directory}; 0 = always room. */
    static DiskGuard floor(Path directory, long minFreeMb) {
        long minFreeBytes = minFreeMb * 1024 * 1024;
        return new DiskGuard() {
            private FileStore store; // looked up once: finding it re-reads the mount table

            @Override
            public boolean hasRoom() {
                if (minFreeBytes == 0) {
                    return true;
                }
                try {
                    if (store == null) {
                        store = Files.getFileStore(directory);
                    }
                    return store.getUsableSpace() >= minFreeBytes;
                } catch (IOException e) {
                    return false;
                }
            }

            @Override
            public String describe() {
                return "less than " + minFreeMb + " MiB free on the disk of " + directory;
            }
        };
    }
}
