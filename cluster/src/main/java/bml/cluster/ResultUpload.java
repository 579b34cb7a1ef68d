package bml.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * Sends one run's files to a {@link ResultReceiver}, one checksummed chunk at a time: a finished run's results from
 * its worker to the coordinator, a checkpoint copied home while it trains, or that copy from the coordinator to the
 * worker that continues the run. The next chunk leaves only when the previous one is acknowledged, so a transfer
 * never floods the link the cluster's heartbeats share, and a chunk whose acknowledgement does not come is sent
 * again.
 *
 * <p>Owns the read position in the files. Reads happen on the blocking dispatcher; the chunk in flight is kept
 * until it is acknowledged, so a resend does not read the disk again.
 */
public final class ResultUpload extends AbstractBehavior<ResultUpload.Command> {

    /** The problem a receiver names when a whole file failed its checksum and must be sent again from its start. */
    public static final String FILE_CHECKSUM_MISMATCH = "file checksum does not match";

    public sealed interface Command {}

    /** The receiving side accepted the files: send the chunks to {@code receiver}. */
    public record Accepted(ActorRef<ResultReceiver.Command> receiver) implements Command, ClusterMessage {}

    /** The receiving side does not want these files (the run was given to another worker meanwhile). */
    public record Declined(String reason) implements Command, ClusterMessage {}

    /** The receiver's answer to a chunk; {@code problem} says why it was refused. */
    public record ChunkAck(int file, long offset, boolean ok, String problem) implements Command, ClusterMessage {}

    private record ChunkRead(ResultReceiver.Chunk chunk) implements Command {}

    private record ReadFailed(String error) implements Command {}

    private enum Resend implements Command { INSTANCE }

    /** How the upload ended; {@code from} is the directory it sent from, which tells one upload from another. */
    public record Outcome(Path from, boolean delivered, String error) {}

    /**
     * @param runDir the directory {@code files} are relative to (on a worker, its run directory)
     * @param files  the manifest sent to the receiving side (sizes and digests of the content to send)
     */
    public record Setup(Path runDir, List<FileEntry> files, int chunkBytes, ActorRef<Outcome> replyTo) {
        public Setup {
            files = List.copyOf(files);
        }
    }

    static final Duration ACK_TIMEOUT = Duration.ofSeconds(10);
    /** Sends of one chunk without an answer before the upload gives up (the receiver is gone or stuck). */
    static final int MAX_SENDS = 6;
    /** Refusals of one chunk (or restarts of one file) before the upload gives up. */
    static final int MAX_REFUSALS = 5;

    public static Behavior<Command> create(Setup setup) {
        return Behaviors.setup(context -> Behaviors.withTimers(timers -> new ResultUpload(context, timers, setup)));
    }

    private final Setup setup;
    private final TimerScheduler<Command> timers;
    private final Executor blocking;
    private ActorRef<ResultReceiver.Command> receiver;
    private ResultReceiver.Chunk inFlight;
    private int file;
    private long offset;
    private int sends;
    private int refusals;

    private ResultUpload(ActorContext<Command> context, TimerScheduler<Command> timers, Setup setup) {
        super(context);
        this.setup = setup;
        this.timers = timers;
        this.blocking = context.getSystem().dispatchers()
                .lookup(DispatcherSelector.fromConfig("bml-cluster-dispatchers.blocking"));
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Accepted.class, this::onAccepted)
                .onMessage(Declined.class, this::onDeclined)
                .onMessage(ChunkRead.class, this::onChunkRead)
                .onMessage(ReadFailed.class, failed -> finish(false, failed.error()))
                .onMessage(ChunkAck.class, this::onChunkAck)
                .onMessage(Resend.class, notUsed -> onResend())
                .build();
    }

    private Behavior<Command> onAccepted(Accepted message) {
        if (receiver != null) {
            return this;
        }
        receiver = message.receiver();
        if (setup.files().isEmpty()) {
            return finish(true, null); // the receiver needs no chunk to finish
        }
        readChunk();
        return this;
    }

    private Behavior<Command> onDeclined(Declined message) {
        return finish(false, "declined: " + message.reason());
    }

    private void readChunk() {
        int index = file;
        long from = offset;
        FileEntry entry = setup.files().get(index);
        Path path = setup.runDir().resolve(entry.name());
        int length = (int) Math.min(setup.chunkBytes(), entry.size() - from);
        CompletableFuture<ChunkRead> read = CompletableFuture.supplyAsync(() -> {
            byte[] bytes = readRange(path, from, length);
            return new ChunkRead(new ResultReceiver.Chunk(index, from, bytes, Sha256.of(bytes),
                    getContext().getSelf()));
        }, blocking);
        getContext().pipeToSelf(read, (chunk, error) -> chunk != null ? chunk
                : new ReadFailed("cannot read " + path + ": " + error.getMessage()));
    }

    private static byte[] readRange(Path path, long from, int length) {
        try (InputStream in = Files.newInputStream(path)) {
            in.skipNBytes(from);
            byte[] bytes = in.readNBytes(length);
            if (bytes.length != length) {
                throw new IOException("the file is shorter than when it was offered");
            }
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Behavior<Command> onChunkRead(ChunkRead message) {
        inFlight = message.chunk();
        sends = 0;
        return send();
    }

    private Behavior<Command> send() {
        if (++sends > MAX_SENDS) {
            return finish(false, "no answer from the receiver to " + MAX_SENDS + " sends of a chunk");
        }
        receiver.tell(inFlight);
        timers.startSingleTimer(Resend.INSTANCE, ACK_TIMEOUT);
        return this;
    }

    private Behavior<Command> onResend() {
        return inFlight == null ? this : send();
    }

    private Behavior<Command> onChunkAck(ChunkAck ack) {
        if (inFlight == null || ack.file() != inFlight.file() || ack.offset() != inFlight.offset()) {
            return this; // the answer to an earlier send of a chunk already acknowledged
        }
        timers.cancel(Resend.INSTANCE);
        ResultReceiver.Chunk sent = inFlight;
        inFlight = null;
        if (!ack.ok()) {
            if (++refusals > MAX_REFUSALS) {
                return finish(false, "the receiver refused " + setup.files().get(file).name() + ": "
                        + ack.problem());
            }
            offset = FILE_CHECKSUM_MISMATCH.equals(ack.problem()) ? 0 : sent.offset();
            readChunk();
            return this;
        }
        offset = sent.offset() + sent.bytes().length;
        if (offset >= setup.files().get(file).size()) {
            file++;
            offset = 0;
        }
        if (file == setup.files().size()) {
            return finish(true, null);
        }
        readChunk();
        return this;
    }

    private Behavior<Command> finish(boolean delivered, String error) {
        setup.replyTo().tell(new Outcome(setup.runDir(), delivered, error));
        return Behaviors.stopped();
    }
}
