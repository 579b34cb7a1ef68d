package bml.training;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;

/**
 * The binary checkpoint format, version 1, and its crash-safe writing.
 *
 * <p>Why a format of our own: it must hold weights, optimiser state and resume data in one file, detect
 * truncation and corruption before anything is applied, and stream multi-gigabyte models without holding a
 * second copy. Layout (big-endian): 28-byte header = magic {@code "BMLCKPT\0"}, int version, long payload
 * length, long CRC32 of the payload; payload = long step; int n + n (string key, string value) extras (the
 * {@link ResumeData}, by its key names);
 * tensors (weights); string optimizer kind, double lr, double momentum, long updates, tensors (state).
 * A string is an int byte length + UTF-8; tensors are int n + n (string name, int rank, long[rank] dims,
 * float values). The file is written to {@code <file>.tmp}, forced to disk and atomically renamed.
 */
final class CheckpointFile {

    static final int VERSION = 1;
    static final int HEADER_BYTES = 28;
    private static final byte[] MAGIC = {'B', 'M', 'L', 'C', 'K', 'P', 'T', 0};
    private static final int CHUNK_FLOATS = 1 << 14;
    private static final int MAX_STRING_BYTES = 1 << 26;

    private CheckpointFile() {
    }

    /** Writes {@code data} to {@code file} through a temporary file and an atomic rename. */
    static void write(Path file, CheckpointData data) {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.allocate(HEADER_BYTES));
                CRC32 crc = new CRC32();
                DataOutputStream out = new DataOutputStream(new BufferedOutputStream(
                        new CheckedOutputStream(Channels.newOutputStream(channel), crc), 1 << 16));
                writePayload(out, data);
                out.flush();
                long payload = channel.position() - HEADER_BYTES;
                ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
                header.put(MAGIC).putInt(VERSION).putLong(payload).putLong(crc.getValue()).flip();
                while (header.hasRemaining()) {
                    channel.write(header, header.position());
                }
                channel.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new CheckpointException(file, "cannot write (" + e + ")", e);
        }
    }

    private static void writePayload(DataOutputStream out, CheckpointData data) throws IOException {
        out.writeLong(data.step());
        Map<String, String> extras = data.resume().toExtras();
        out.writeInt(extras.size());
        for (Map.Entry<String, String> e : extras.entrySet()) {
            writeString(out, e.getKey());
            writeString(out, e.getValue());
        }
        writeTensors(out, data.weights());
        OptimizerState optimizer = data.optimizer();
        writeString(out, optimizer.kind());
        out.writeDouble(optimizer.learningRate());
        out.writeDouble(optimizer.momentum());
        out.writeLong(optimizer.updates());
        writeTensors(out, optimizer.tensors());
    }

    private static void writeString(DataOutputStream out, String value) throws IOException {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static void writeTensors(DataOutputStream out, List<TensorData> tensors) throws IOException {
        out.writeInt(tensors.size());
        ByteBuffer chunk = ByteBuffer.allocate(CHUNK_FLOATS * Float.BYTES);
        for (TensorData tensor : tensors) {
            writeString(out, tensor.name());
            out.writeInt(tensor.shape().length);
            for (long d : tensor.shape()) {
                out.writeLong(d);
            }
            float[] values = tensor.values();
            for (int off = 0; off < values.length; off += CHUNK_FLOATS) {
                int n = Math.min(CHUNK_FLOATS, values.length - off);
                chunk.clear();
                chunk.asFloatBuffer().put(values, off, n);
                out.write(chunk.array(), 0, n * Float.BYTES);
            }
        }
    }

    /**
     * Reads and verifies {@code file}: header, length and CRC32 are checked before the payload is parsed.
     *
     * @throws CheckpointException naming the file and the problem (missing, truncated, corrupt, bad version)
     */
    static CheckpointData read(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size < HEADER_BYTES) {
                throw new CheckpointException(file, "truncated: " + size + " bytes, shorter than the "
                        + HEADER_BYTES + "-byte header");
            }
            ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
            while (header.hasRemaining() && channel.read(header) >= 0) {
                continue;
            }
            header.flip();
            byte[] magic = new byte[MAGIC.length];
            header.get(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new CheckpointException(file, "not a bml checkpoint (bad magic bytes)");
            }
            int version = header.getInt();
            if (version != VERSION) {
                throw new CheckpointException(file, "unsupported format version " + version
                        + ", expected " + VERSION);
            }
            long payload = header.getLong();
            long storedCrc = header.getLong();
            long actual = size - HEADER_BYTES;
            if (actual < payload) {
                throw new CheckpointException(file, "truncated: the header announces " + payload
                        + " payload bytes but only " + actual + " follow");
            }
            if (actual > payload) {
                throw new CheckpointException(file, (actual - payload) + " unexpected bytes after the "
                        + payload + "-byte payload");
            }
            long crc = crcOf(channel, payload);
            if (crc != storedCrc) {
                throw new CheckpointException(file, String.format(
                        "corrupt: payload CRC32 is %08x, the header records %08x", crc, storedCrc));
            }
            channel.position(HEADER_BYTES);
            DataInputStream in = new DataInputStream(
                    new BufferedInputStream(Channels.newInputStream(channel), 1 << 16));
            CheckpointData data = readPayload(in, file);
            if (in.read() != -1) {
                throw new CheckpointException(file, "payload has unparsed trailing bytes");
            }
            return data;
        } catch (EOFException e) {
            throw new CheckpointException(file, "truncated payload: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new CheckpointException(file, "cannot read (" + e + ")", e);
        }
    }

    private static long crcOf(FileChannel channel, long payload) throws IOException {
        CRC32 crc = new CRC32();
        ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
        channel.position(HEADER_BYTES);
        long remaining = payload;
        while (remaining > 0) {
            buffer.clear();
            buffer.limit((int) Math.min(buffer.capacity(), remaining));
            int n = channel.read(buffer);
            if (n < 0) {
                throw new EOFException("file ended " + remaining + " bytes early");
            }
            buffer.flip();
            crc.update(buffer);
            remaining -= n;
        }
        return crc.getValue();
    }

    private static CheckpointData readPayload(DataInputStream in, Path file) throws IOException {
        long step = in.readLong();
        int extrasCount = count(in.readInt(), "extras", file);
        Map<String, String> extras = new LinkedHashMap<>();
        for (int i = 0; i < extrasCount; i++) {
            String key = readString(in, file);
            extras.put(key, readString(in, file));
        }
        List<TensorData> weights = readTensors(in, file);
        String kind = readString(in, file);
        double lr = in.readDouble();
        double momentum = in.readDouble();
        long updates = in.readLong();
        List<TensorData> state = readTensors(in, file);
        return new CheckpointData(step, ResumeData.fromExtras(extras, file), weights,
                new OptimizerState(kind, lr, momentum, updates, state));
    }

    private static int count(int value, String what, Path file) {
        if (value < 0) {
            throw new CheckpointException(file, "corrupt: negative " + what + " count " + value);
        }
        return value;
    }

    private static String readString(DataInputStream in, Path file) throws IOException {
        int length = count(in.readInt(), "string length", file);
        if (length > MAX_STRING_BYTES) {
            throw new CheckpointException(file, "corrupt: string of " + length + " bytes");
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static List<TensorData> readTensors(DataInputStream in, Path file) throws IOException {
        int n = count(in.readInt(), "tensor", file);
        List<TensorData> tensors = new ArrayList<>(Math.min(n, 1 << 12));
        byte[] chunk = new byte[CHUNK_FLOATS * Float.BYTES];
        for (int t = 0; t < n; t++) {
            String name = readString(in, file);
            int rank = count(in.readInt(), "rank of " + name, file);
            if (rank > 8) {
                throw new CheckpointException(file, "corrupt: tensor " + name + " has rank " + rank);
            }
            long[] shape = new long[rank];
            long elements = 1;
            for (int d = 0; d < rank; d++) {
                shape[d] = in.readLong();
                if (shape[d] < 0 || shape[d] > Integer.MAX_VALUE) {
                    throw new CheckpointException(file, "corrupt: tensor " + name + " dimension " + shape[d]);
                }
                elements *= shape[d];
                if (elements > Integer.MAX_VALUE - 8) {
                    throw new CheckpointException(file, "corrupt: tensor " + name + " is too large");
                }
            }
            float[] values = new float[(int) elements];
            for (int off = 0; off < values.length; off += CHUNK_FLOATS) {
                int count = Math.min(CHUNK_FLOATS, values.length - off);
                in.readFully(chunk, 0, count * Float.BYTES);
                ByteBuffer.wrap(chunk, 0, count * Float.BYTES).asFloatBuffer().get(values, off, count);
            }
            tensors.add(new TensorData(name, shape, values));
        }
        return tensors;
    }
}
