package bml.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import java.util.List;

/**
 * SGD with heavy-ball momentum as PyTorch's {@code torch.optim.SGD} (no dampening, no Nesterov, no decay).
 *
 * <p>Why: the paper's code offers SGD as the alternative to Adam; buf = momentum * buf + g, p -= lr * buf,
 * with the buffer starting at zero (equal to PyTorch's first-step buf = g).
 */
final class SgdOptimizer extends ParameterOptimizer {

    static final String KIND = "sgd";

    SgdOptimizer(List<NDArray> weights, List<String> names, NDManager manager, double learningRate,
            double momentum) {
        super(weights, names, List.of("sgd.momentum"), manager, learningRate, momentum);
    }

    @Override
    String kind() {
        return KIND;
    }

    @Override
    protected void update(int i, NDArray gradient, List<NDArray> slotArrays) {
        NDArray buffer = slotArrays.get(0);
        buffer.muli((float) momentum).addi(gradient);
        weights.get(i).subi(buffer.mul((float) learningRate));
    }
}
