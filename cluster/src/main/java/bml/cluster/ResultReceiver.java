package bml.cluster;

import bml.runfiles.FileTrees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * Receives one run's result files from its worker, chunk by chunk, on the coordinator: checks each chunk's SHA-256
 * and then each whole file's against the worker's manifest, writes into {@code OUT/.incoming/<id>.<attempt>/}, and
 * when every file is verified moves that directory to {@code OUT/runs/<id>/} in one rename, {@code home.json} inside.
 * The same goes for a checkpoint copied home while the run trains (into {@code OUT/.checkpoints/}, no home.json) and
 * for that copy sent to the worker that continues the run.
 *
 * <p>Owns the files being written and their digests. Chunks must arrive in order (the uploader sends the next only
 * after the previous one's acknowledgement); a repeated chunk, sent again because an acknowledgement was lost, is
 * acknowledged without writing it twice. Stopped before it finishes, it deletes what it wrote.
 */
public final class ResultReceiver extends AbstractBehavior<ResultReceiver.Command> {

    public sealed interface Command {}

    /**
     * One piece of file {@code file} (an index into the manifest) starting at {@code offset}; every file is sent as
     * at least one chunk, so an empty file arrives as one empty chunk.
     */
    public record Chunk(int file, long offset, byte[] bytes, String sha256, ActorRef<ResultUpload.Command> replyTo)
            implements Command, ClusterMessage {}

    private record Written(Chunk chunk, Throwable error) implements Command {}

    private record Finalized(Throwable error) implements Command {}

    /**
     * What the receiving side hears when the files are in place, or could not be put there; {@code target} tells one
     * transfer from another.
     */
    public record Outcome(HomeRecord record, Path target, String error) {}

    /**
     * @param incoming where the files are written until all are verified (deleted if this actor stops first)
     * @param target   where they go at the end (the run's directory in the sweep's output), replaced by
     *                 {@code incoming} in one rename
     * @param record   written as home.json beside the files; null for files that are not a run's results
     */
    public record Setup(List<FileEntry> files, Path incoming, Path target, HomeRecord record,
                        ActorRef<Outcome> replyTo) {
        public Setup {
            files = List.copyOf(files);
        }
    }

    /** A whole file that fails its checksum is sent again from its start at most this often. */
    static final int FILE_RETRIES = 3;

    public static Behavior<Command> create(Setup setup) {
        return Behaviors.setup(context -> new ResultReceiver(context, setup));
    }

    private final Setup setup;
    private final Executor blocking;
    /** Bytes of each file written and covered by its digest so far. */
    private final long[] received;
    private final boolean[] complete;
    private final MessageDigest[] digests;
    private final int[] failures;
    private boolean writing;
    private boolean finalizing;
    private boolean finished;

    private ResultReceiver(ActorContext<Command> context, Setup setup) {
        super(context);
        this.setup = setup;
        this.blocking = context.getSystem().dispatchers()
                .lookup(DispatcherSelector.fromConfig("bml-cluster-dispatchers.blocking"));
        int n = setup.files().size();
        this.received = new long[n];
        this.complete = new boolean[n];
        this.digests = new MessageDigest[n];
        this.failures = new int[n];
        for (int i = 0; i < n; i++) {
            digests[i] = Sha256.digest();
        }
        if (n == 0) {
            finish();
        }
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Chunk.class, this::onChunk)
                .onMessage(Written.class, this::onWritten)
                .onMessage(Finalized.class, this::onFinalized)
                .onSignal(PostStop.class, signal -> onPostStop())
                .build();
    }

    private Behavior<Command> onChunk(Chunk chunk) {
        if (writing || finalizing) {
            return this; // only a resend can arrive now; the uploader sends it again when no answer comes
        }
        int file = chunk.file();
        if (file < 0 || file >= setup.files().size() || chunk.bytes() == null) {
            chunk.replyTo().tell(new ResultUpload.ChunkAck(file, chunk.offset(), false, "no such file in the offer"));
            return this;
        }
        if (complete[file] || chunk.offset() < received[file]) {
            // Sent again after a lost acknowledgement: already written.
            chunk.replyTo().tell(new ResultUpload.ChunkAck(file, chunk.offset(), true, null));
            return this;
        }
        String problem = chunk.offset() > received[file] ? "expected offset " + received[file]
                : chunk.offset() + chunk.bytes().length > setup.files().get(file).size() ? "chunk beyond the file's end"
                : !Sha256.of(chunk.bytes()).equals(chunk.sha256()) ? "chunk checksum does not match"
                : null;
        if (problem != null) {
            chunk.replyTo().tell(new ResultUpload.ChunkAck(file, chunk.offset(), false, problem));
            return this;
        }
        writing = true;
        Path path = setup.incoming().resolve(setup.files().get(file).name());
        CompletableFuture<Void> work = CompletableFuture.runAsync(() -> write(path, chunk), blocking);
        getContext().pipeToSelf(work, (done, error) -> new Written(chunk, error));
        return this;
    }

    /** Writes the chunk at its offset, cutting off anything after it (left by an abandoned try of the file). */
    private static void write(Path path, Chunk chunk) {
        try {
            Files.createDirectories(path.getParent());
            try (FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                channel.truncate(chunk.offset());
                ByteBuffer buffer = ByteBuffer.wrap(chunk.bytes());
                long position = chunk.offset();
                while (buffer.hasRemaining()) {
                    position += channel.write(buffer, position);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Behavior<Command> onWritten(Written written) {
        writing = false;
        Chunk chunk = written.chunk();
        int file = chunk.file();
        FileEntry entry = setup.files().get(file);
        if (written.error() != null) {
            return fail(entry.name() + ": cannot write: " + written.error().getMessage());
        }
        digests[file].update(chunk.bytes());
        received[file] = chunk.offset() + chunk.bytes().length;
        if (received[file] == entry.size()) {
            if (!Sha256.finish(digests[file]).equals(entry.sha256())) {
                digests[file] = Sha256.digest();
                received[file] = 0;
                if (++failures[file] >= FILE_RETRIES) {
                    return fail(entry.name() + ": file checksum does not match after " + FILE_RETRIES + " tries");
                }
                chunk.replyTo().tell(new ResultUpload.ChunkAck(file, chunk.offset(), false,
                        ResultUpload.FILE_CHECKSUM_MISMATCH));
                return this;
            }
            complete[file] = true;
        }
        chunk.replyTo().tell(new ResultUpload.ChunkAck(file, chunk.offset(), true, null));
        if (allComplete()) {
            finish();
        }
        return this;
    }

    private boolean allComplete() {
        for (boolean done : complete) {
            if (!done) {
                return false;
            }
        }
        return true;
    }

    /** Writes home.json (if any) beside the verified files, then puts the directory in place with one rename. */
    private void finish() {
        finalizing = true;
        CompletableFuture<Void> work = CompletableFuture.runAsync(() -> {
            try {
                Files.createDirectories(setup.incoming());
                if (setup.record() != null) {
                    setup.record().writeTo(setup.incoming());
                }
                FileTrees.delete(setup.target()); // an earlier attempt's copy; this one replaces it whole
                Files.createDirectories(setup.target().getParent());
                Files.move(setup.incoming(), setup.target(), StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, blocking);
        getContext().pipeToSelf(work, (done, error) -> new Finalized(error));
    }

    private Behavior<Command> onFinalized(Finalized message) {
        if (message.error() != null) {
            return fail("cannot put the files in place: " + message.error().getMessage());
        }
        finished = true;
        setup.replyTo().tell(new ResultReceiver.Outcome(setup.record(), setup.target(), null));
        return Behaviors.stopped();
    }

    private Behavior<Command> fail(String error) {
        setup.replyTo().tell(new ResultReceiver.Outcome(setup.record(), setup.target(), error));
        return Behaviors.stopped();
    }

    private Behavior<Command> onPostStop() {
        if (!finished) {
            Path incoming = setup.incoming();
            blocking.execute(() -> {
                try {
                    FileTrees.delete(incoming);
                } catch (IOException e) {
                    // A partial copy left behind is ignored by the report and replaced by the next attempt.
                }
            });
        }
        return this;
    }
}
