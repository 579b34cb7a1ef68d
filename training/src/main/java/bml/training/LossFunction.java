package bml.training;

import ai.djl.ndarray.NDArray;
import bml.config.Loss;

/**
 * The training objectives on (logits, one-hot target) pairs.
 *
 * <p>Why one-hot for both: the paper's objective is MSE between the C logits and the one-hot label
 * ({@code nn.MSELoss}, averaged over batch x classes); cross-entropy with sparse labels equals the mean of
 * -sum(one-hot * log_softmax(logits)), so one target array serves both.
 */
enum LossFunction {

    /** Mean over batch x classes of (logits - onehot)^2, as PyTorch's {@code nn.MSELoss()}. */
    MSE {
        @Override
        NDArray compute(NDArray logits, NDArray oneHot) {
            return logits.sub(oneHot).square().mean();
        }
    },

    /** Softmax cross-entropy averaged over the batch, as PyTorch's {@code nn.CrossEntropyLoss()}. */
    CROSS_ENTROPY {
        @Override
        NDArray compute(NDArray logits, NDArray oneHot) {
            return logits.logSoftmax(1).mul(oneHot).sum(new int[] {1}).mean().neg();
        }
    };

    /** The scalar loss of a batch; the result belongs to {@code logits}' manager. */
    abstract NDArray compute(NDArray logits, NDArray oneHot);

    /** The objective the {@code training.loss} setting names. */
    static LossFunction of(Loss loss) {
        return switch (loss) {
            case MSE -> MSE;
            case CROSS_ENTROPY -> CROSS_ENTROPY;
        };
    }
}
