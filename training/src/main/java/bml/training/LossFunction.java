package bml.training;

import ai.djl.ndarray.NDArray;

import java.util.Locale;

/**
 * The training objectives on (logits, one-hot target) pairs.
 *
 * <p>Why one-hot for both: the paper's objective is MSE between the C logits and the one-hot label
 * ({@code nn.MSELoss}, averaged over batch x classes); cross-entropy with sparse labels equals the mean of
 * -sum(one-hot * log_softmax(logits)), so one target array serves both.
 */
enum LossFunction {

    /** Mean over batch x classes of (logits - onehot)^2, as PyTorch's {@code nn.MSELoss()}. */
    MSE("mse") {
        @Override
        NDArray compute(NDArray logits, NDArray oneHot) {
            return logits.sub(oneHot).square().mean();
        }
    },

    /** Softmax cross-entropy averaged over the batch, as PyTorch's {@code nn.CrossEntropyLoss()}. */
    CROSS_ENTROPY("cross-entropy") {
        @Override
        NDArray compute(NDArray logits, NDArray oneHot) {
            return logits.logSoftmax(1).mul(oneHot).sum(new int[] {1}).mean().neg();
        }
    };

    private final String key;

    LossFunction(String key) {
        this.key = key;
    }

    /** The scalar loss of a batch; the result belongs to {@code logits}' manager. */
    abstract NDArray compute(NDArray logits, NDArray oneHot);

    /** The {@code training.loss} value naming this loss. */
    String key() {
        return key;
    }

    /** Parses {@code training.loss}: mse or cross-entropy. */
    static LossFunction parse(String value) {
        String normalised = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        for (LossFunction loss : values()) {
            if (loss.key.equals(normalised)) {
                return loss;
            }
        }
        throw new IllegalArgumentException("training.loss: expected mse or cross-entropy, got '" + value + "'");
    }
}
