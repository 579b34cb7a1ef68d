package bml.probing;

/**
 * Outcome of one k-NN evaluation: accuracy over the queries plus each query's predicted class.
 *
 * <p>Predictions are kept so callers can build confusion matrices or compare runs without re-running the search;
 * the array is copied on the way in and out so the record stays immutable.
 *
 * @param accuracy    {@code correct / total}
 * @param correct     number of queries whose prediction equals their label
 * @param total       number of queries
 * @param predictions predicted class per query, in query order
 * @param ciLow       lower bound of the accuracy's 95% bootstrap interval over the queries
 *                    ({@link QueryBootstrap})
 * @param ciHigh      upper bound of that interval
 */
public record KnnResult(double accuracy, int correct, int total, int[] predictions, double ciLow, double ciHigh) {

    /** Copies the predictions so later changes to the caller's array cannot alter this result. */
    public KnnResult {
        predictions = predictions.clone();
    }

    /** Returns a copy of the predicted class per query, in query order. */
    @Override
    public int[] predictions() {
        return predictions.clone();
    }
}
