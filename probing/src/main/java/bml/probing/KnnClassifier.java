package bml.probing;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import bml.config.Weighting;

/**
 * Exact cosine k-nearest-neighbour classification of query features against a labelled bank.
 *
 * <p>Why: the paper's probe (reference/paper.md §2) is sklearn's exact k-NN on L2-normalised features, where
 * Euclidean ranking equals cosine ranking; a matmul per chunk of query rows gives the same neighbours on any DJL
 * device while holding only one {@code [chunk, B]} similarity matrix at a time (solo-learn's memory bound).
 *
 * <p>Rules, all deterministic:
 * <ul>
 *   <li>k is clamped to the bank size;</li>
 *   <li>neighbours are the k bank rows of highest similarity; among rows of equal similarity at the k-th place
 *       the lower bank indices are taken (the device's top-k picks are checked and, only when the (k+1)-th
 *       similarity equals the k-th, replaced by a scan of that row);</li>
 *   <li>votes follow {@link Weighting}; vote ties go to the lowest class index (sklearn's {@code mode}).</li>
 * </ul>
 * The inputs must already be L2-normalised; similarities are plain dot products. Temporary arrays live in
 * sub-managers of the query array's manager and are closed per chunk, so this is safe on any thread that owns
 * the inputs.
 */
public final class KnnClassifier {

    private KnnClassifier() {
    }

    /**
     * Classifies every query row by its k most similar bank rows.
     *
     * @param bankFeatures  L2-normalised bank features, FLOAT32 {@code [B, D]}
     * @param bankLabels    class of each bank row (length B)
     * @param queryFeatures L2-normalised query features, FLOAT32 {@code [Q, D]}, on the bank's device
     * @param queryLabels   true class of each query row (length Q)
     * @param numClasses    number of classes in the dataset's metadata (not just those present)
     * @param k             neighbours per query, at least 1; clamped to B
     * @param weighting     how neighbours vote
     * @param temperature   T of {@link Weighting#TEMPERATURE} (positive); ignored for majority
     * @param chunkSize     query rows per similarity matmul, at least 1
     * @return accuracy, counts, per-query predictions and the accuracy's bootstrap interval over the queries
     * @throws IllegalArgumentException naming the argument that is inconsistent and how
     */
    public static KnnResult classify(NDArray bankFeatures, int[] bankLabels, NDArray queryFeatures,
            int[] queryLabels, int numClasses, int k, Weighting weighting, double temperature, int chunkSize) {
        check(bankFeatures, bankLabels, queryFeatures, queryLabels, numClasses, k, weighting, temperature, chunkSize);
        int bankSize = bankLabels.length;
        int queries = queryLabels.length;
        int kept = Math.min(k, bankSize);
        int fetched = Math.min(kept + 1, bankSize);
        NeighbourVote vote = new NeighbourVote(bankLabels, numClasses, weighting, temperature);
        int[] predictions = new int[queries];
        float[] sims = new float[kept];
        int[] indices = new int[kept];
        int correct = 0;
        try (NDManager scope = NDManager.subManagerOf(queryFeatures)) {
            NDArray bankT = bankFeatures.transpose();
            bankT.attach(scope);
            for (int start = 0; start < queries; start += chunkSize) {
                int end = Math.min(queries, start + chunkSize);
                try (NDManager chunkScope = scope.newSubManager()) {
                    NDArray chunk = queryFeatures.get(chunkScope, new NDIndex().addSliceDim(start, end));
                    NDArray similarity = chunk.matMul(bankT);
                    NDList top = similarity.topK(fetched, 1, true, true);
                    float[] topSims = top.get(0).toFloatArray();
                    long[] topIndices = top.get(1).toType(DataType.INT64, false).toLongArray();
                    for (int row = 0; row < end - start; row++) {
                        int q = start + row;
                        select(similarity, row, q, topSims, topIndices, fetched, kept, sims, indices);
                        predictions[q] = vote.predict(sims, indices, kept);
                        if (predictions[q] == queryLabels[q]) {
                            correct++;
                        }
                    }
                }
            }
        }
        boolean[] right = new boolean[queries];
        for (int q = 0; q < queries; q++) {
            right[q] = predictions[q] == queryLabels[q];
        }
        AccuracyInterval interval = QueryBootstrap.interval(right);
        return new KnnResult((double) correct / queries, correct, queries, predictions, interval.low(),
                interval.high());
    }

    /** Fills sims/indices with row's k neighbours, rescanning the row only when the k-th place is a tie. */
    private static void select(NDArray similarity, int row, int query, float[] topSims, long[] topIndices,
            int fetched, int kept, float[] sims, int[] indices) {
        int base = row * fetched;
        float kth = topSims[base + kept - 1];
        if (Float.isNaN(topSims[base])) {
            throw new IllegalArgumentException("k-NN: similarity of query row " + query
                    + " is NaN: features must be finite (did training diverge?)");
        }
        boolean tieAcrossBoundary = fetched > kept && topSims[base + kept] == kth;
        if (!tieAcrossBoundary) {
            for (int i = 0; i < kept; i++) {
                sims[i] = topSims[base + i];
                indices[i] = (int) topIndices[base + i];
            }
            return;
        }
        int n = 0;
        for (int i = 0; i < kept; i++) {
            if (topSims[base + i] > kth) {
                sims[n] = topSims[base + i];
                indices[n++] = (int) topIndices[base + i];
            }
        }
        float[] full = similarity.get(row).toFloatArray();
        for (int j = 0; j < full.length && n < kept; j++) {
            if (full[j] == kth) {
                sims[n] = kth;
                indices[n++] = j;
            }
        }
    }

    private static void check(NDArray bank, int[] bankLabels, NDArray queries, int[] queryLabels, int numClasses,
            int k, Weighting weighting, double temperature, int chunkSize) {
        Shape bankShape = bank.getShape();
        Shape queryShape = queries.getShape();
        require(bankShape.dimension() == 2, "bank features: expected a [B, D] matrix, got shape " + bankShape);
        require(queryShape.dimension() == 2, "query features: expected a [Q, D] matrix, got shape " + queryShape);
        require(bankShape.get(1) == queryShape.get(1), "feature width: bank has D=" + bankShape.get(1)
                + " but queries have D=" + queryShape.get(1));
        require(bank.getDataType() == DataType.FLOAT32 && queries.getDataType() == DataType.FLOAT32,
                "feature type: expected float32, got bank " + bank.getDataType() + ", queries "
                        + queries.getDataType());
        require(bank.getDevice().equals(queries.getDevice()), "device: bank is on " + bank.getDevice()
                + " but queries are on " + queries.getDevice());
        require(bankShape.get(0) == bankLabels.length, "bank labels: expected " + bankShape.get(0)
                + " (bank rows), got " + bankLabels.length);
        require(queryShape.get(0) == queryLabels.length, "query labels: expected " + queryShape.get(0)
                + " (query rows), got " + queryLabels.length);
        require(bankLabels.length > 0, "bank: expected at least 1 row, got 0");
        require(queryLabels.length > 0, "queries: expected at least 1 row, got 0");
        require(numClasses > 0, "numClasses: expected > 0, got " + numClasses);
        require(k > 0, "k: expected >= 1, got " + k);
        require(chunkSize > 0, "chunkSize: expected >= 1, got " + chunkSize);
        require(weighting != null, "weighting: expected majority or temperature, got null");
        require(weighting != Weighting.TEMPERATURE || (temperature > 0 && Double.isFinite(temperature)),
                "temperature: expected a finite value > 0, got " + temperature);
        checkLabels("bank", bankLabels, numClasses);
        checkLabels("query", queryLabels, numClasses);
    }

    private static void checkLabels(String what, int[] labels, int numClasses) {
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= numClasses) {
                throw new IllegalArgumentException(what + " label " + i + ": expected 0.." + (numClasses - 1)
                        + " (numClasses=" + numClasses + "), got " + labels[i]);
            }
        }
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("k-NN: " + message);
        }
    }
}
