package bml.data;

/** Plain-Java cosine k-NN on raw pixels (majority vote, ties to the lowest class), to gauge a dataset's difficulty. */
final class RawPixelKnn {
    private RawPixelKnn() {}

    static double accuracy(ImageSet bank, ImageSet queries, int k) {
        float[][] b = normalised(bank);
        float[][] q = normalised(queries);
        int correct = 0;
        float[] sims = new float[b.length];
        for (int i = 0; i < q.length; i++) {
            for (int j = 0; j < b.length; j++) {
                float s = 0;
                for (int d = 0; d < q[i].length; d++) {
                    s += q[i][d] * b[j][d];
                }
                sims[j] = s;
            }
            int[] votes = new int[bank.numClasses()];
            boolean[] used = new boolean[b.length];
            for (int n = 0; n < k; n++) {
                int best = -1;
                for (int j = 0; j < b.length; j++) {
                    if (!used[j] && (best < 0 || sims[j] > sims[best])) {
                        best = j;
                    }
                }
                used[best] = true;
                votes[bank.labels()[best]]++;
            }
            int predicted = 0;
            for (int c = 1; c < votes.length; c++) {
                if (votes[c] > votes[predicted]) {
                    predicted = c;
                }
            }
            if (predicted == queries.labels()[i]) {
                correct++;
            }
        }
        return correct / (double) q.length;
    }

    private static float[][] normalised(ImageSet set) {
        int d = set.imageBytes();
        float[][] out = new float[set.size()][d];
        for (int i = 0; i < set.size(); i++) {
            double norm = 0;
            for (int j = 0; j < d; j++) {
                out[i][j] = set.pixels()[i * d + j] & 0xFF;
                norm += out[i][j] * out[i][j];
            }
            float inv = (float) (1 / Math.sqrt(Math.max(norm, 1e-12)));
            for (int j = 0; j < d; j++) {
                out[i][j] *= inv;
            }
        }
        return out;
    }
}
