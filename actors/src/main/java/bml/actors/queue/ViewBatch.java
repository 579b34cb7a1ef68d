package bml.actors.queue;

/**
 * A reusable buffer of decoded views: one pixel array for the whole batch plus per-view metadata.
 *
 * <p><b>Not thread-safe.</b> It belongs to the trainer and is reused for every batch, so a step allocates nothing.
 */
public final class ViewBatch {
    private final int capacity;
    private final int imageBytes;
    private final byte[] pixels;
    private final long[] sequences;
    private final int[] settingsVersions;
    private final int[] samples;
    private final long[] views;
    private final int[] randomLabels;
    private final int[] trueLabels;
    private int size;

    public ViewBatch(int capacity, int imageBytes) {
        this.capacity = capacity;
        this.imageBytes = imageBytes;
        this.pixels = new byte[capacity * imageBytes];
        this.sequences = new long[capacity];
        this.settingsVersions = new int[capacity];
        this.samples = new int[capacity];
        this.views = new long[capacity];
        this.randomLabels = new int[capacity];
        this.trueLabels = new int[capacity];
    }

    void set(int slot, long sequence, int settingsVersion, int sample, long view, int randomLabel, int trueLabel) {
        sequences[slot] = sequence;
        settingsVersions[slot] = settingsVersion;
        samples[slot] = sample;
        views[slot] = view;
        randomLabels[slot] = randomLabel;
        trueLabels[slot] = trueLabel;
    }

    /** Marks one more slot as filled; returns the slot to fill next. */
    public int grow() {
        return size++;
    }

    public void clear() {
        size = 0;
    }

    public boolean full() {
        return size == capacity;
    }

    public int size() {
        return size;
    }

    public int imageBytes() {
        return imageBytes;
    }

    public byte[] pixels() {
        return pixels;
    }

    public int[] randomLabels() {
        return randomLabels;
    }

    public long sequence(int slot) {
        return sequences[slot];
    }

    /** The version of the augmentation settings that rendered the view in {@code slot}. */
    public int settingsVersion(int slot) {
        return settingsVersions[slot];
    }

    /** The newest augmentation settings version among the filled slots; -1 when the batch is empty. */
    public int newestSettingsVersion() {
        int newest = -1;
        for (int slot = 0; slot < size; slot++) {
            newest = Math.max(newest, settingsVersions[slot]);
        }
        return newest;
    }

    public int sample(int slot) {
        return samples[slot];
    }

    public long view(int slot) {
        return views[slot];
    }

    public int randomLabel(int slot) {
        return randomLabels[slot];
    }

    public int trueLabel(int slot) {
        return trueLabels[slot];
    }
}
