package bml.cluster;

/**
 * One file of a run's results as its worker offers it: the path relative to the run directory, its size and the
 * SHA-256 of its content (hex).
 */
public record FileEntry(String name, long size, String sha256) {}
