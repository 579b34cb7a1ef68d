package bml.actors.queue;

import net.openhft.chronicle.bytes.BytesIn;
import net.openhft.chronicle.bytes.BytesOut;

/**
 * The one wire format of an augmented view in the views queue.
 *
 * <p>Layout (little-endian, as Chronicle writes it): format version byte, position in the global view stream (long),
 * augmentation settings version (int), sample index (int), view index (long), random label (int), true label (int),
 * pixel count (int), then the uint8 pixels in planar CHW order. The stream position lets a resumed run continue the
 * stream exactly where it stopped; the settings version tells the trainer which augmentation settings rendered the
 * view, so a hot-reload patch is recorded at the first step that trained on its views. The pixels stay bytes until
 * the trainer's single batched conversion to floats.
 *
 * <p>Format 3 added the settings version; queues written in format 2 are refused with a clear error, not read.
 */
public final class ViewCodec {
    static final byte VERSION = 3;

    private ViewCodec() {}

    /**
     * Writes one view; {@code pixels[offset, offset + length)} is the image and {@code settingsVersion} the version of
     * the augmentation settings that rendered it.
     */
    public static void write(BytesOut<?> out, long sequence, int settingsVersion, int sample, long view,
                             int randomLabel, int trueLabel, byte[] pixels, int offset, int length) {
        out.writeByte(VERSION);
        out.writeLong(sequence);
        out.writeInt(settingsVersion);
        out.writeInt(sample);
        out.writeLong(view);
        out.writeInt(randomLabel);
        out.writeInt(trueLabel);
        out.writeInt(length);
        out.write(pixels, offset, length);
    }

    /** Reads only the stream position of a view record. */
    public static long readSequence(BytesIn<?> in) {
        checkFormat(in);
        return in.readLong();
    }

    /** Reads only the augmentation settings version of a view record. */
    public static int readSettingsVersion(BytesIn<?> in) {
        checkFormat(in);
        in.readLong();
        return in.readInt();
    }

    private static void checkFormat(BytesIn<?> in) {
        byte version = in.readByte();
        if (version != VERSION) {
            throw new IllegalStateException("views queue record has format version " + version + ", expected " + VERSION
                    + " (queues written by an older bml cannot be read)");
        }
    }

    /** Reads one view into slot {@code slot} of {@code batch}, checking the version and the image size. */
    public static void readInto(BytesIn<?> in, ViewBatch batch, int slot) {
        long sequence = readSequence(in);
        readRestInto(in, sequence, readVersionAfterSequence(in), batch, slot);
    }

    /** Reads the settings version of a view whose stream position {@link #readSequence} has just read. */
    static int readVersionAfterSequence(BytesIn<?> in) {
        return in.readInt();
    }

    /**
     * Reads the rest of a view whose stream position and settings version have just been read into slot
     * {@code slot} of {@code batch}.
     */
    static void readRestInto(BytesIn<?> in, long sequence, int settingsVersion, ViewBatch batch, int slot) {
        int sample = in.readInt();
        long view = in.readLong();
        int randomLabel = in.readInt();
        int trueLabel = in.readInt();
        checkLength(in.readInt(), batch.imageBytes());
        in.read(batch.pixels(), slot * batch.imageBytes(), batch.imageBytes());
        batch.set(slot, sequence, settingsVersion, sample, view, randomLabel, trueLabel);
    }

    /** Reads the rest of a view whose stream position and settings version have just been read, into a copy. */
    static HeldView readRest(BytesIn<?> in, long sequence, int settingsVersion, int imageBytes) {
        int sample = in.readInt();
        long view = in.readLong();
        int randomLabel = in.readInt();
        int trueLabel = in.readInt();
        checkLength(in.readInt(), imageBytes);
        byte[] pixels = new byte[imageBytes];
        in.read(pixels, 0, imageBytes);
        return new HeldView(sequence, settingsVersion, sample, view, randomLabel, trueLabel, pixels);
    }

    private static void checkLength(int length, int imageBytes) {
        if (length != imageBytes) {
            throw new IllegalStateException("views queue record holds " + length + " pixel bytes, the run's images have "
                    + imageBytes);
        }
    }

    /** A view read ahead of its turn, kept until the views before it in the stream have been trained on. */
    record HeldView(long sequence, int settingsVersion, int sample, long view, int randomLabel, int trueLabel,
                    byte[] pixels) {
        void copyInto(ViewBatch batch, int slot) {
            System.arraycopy(pixels, 0, batch.pixels(), slot * batch.imageBytes(), batch.imageBytes());
            batch.set(slot, sequence, settingsVersion, sample, view, randomLabel, trueLabel);
        }
    }
}
