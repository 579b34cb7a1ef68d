package bml.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import java.util.List;

/**
 * Adam with PyTorch's defaults: betas (0.9, 0.999), eps 1e-8, no weight decay, bias-corrected moments.
 *
 * <p>Why these: the paper trains with {@code torch.optim.Adam(lr=3e-4)} and no weight decay
 * (<a href="https://arxiv.org/abs/1412.6980">Kingma and Ba 2015</a>). The update follows PyTorch's
 * formulation: p -= (lr / (1 - b1^t)) * m / (sqrt(v) / sqrt(1 - b2^t) + eps).
 */
final class AdamOptimizer extends ParameterOptimizer {

    static final String KIND = "adam";
    static final float BETA1 = 0.9f;
    static final float BETA2 = 0.999f;
    static final float EPSILON = 1e-8f;

    AdamOptimizer(List<NDArray> weights, List<String> names, NDManager manager, double learningRate,
            double momentum) {
        super(weights, names, List.of("adam.m", "adam.v"), manager, learningRate, momentum);
    }

    @Override
    String kind() {
        return KIND;
    }

    @Override
    protected void update(int i, NDArray gradient, List<NDArray> slotArrays) {
        NDArray m = slotArrays.get(0);
        NDArray v = slotArrays.get(1);
        double correction1 = 1 - Math.pow(BETA1, updates);
        double correction2 = 1 - Math.pow(BETA2, updates);
        m.muli(BETA1).addi(gradient.mul(1 - BETA1));
        v.muli(BETA2).addi(gradient.square().muli(1 - BETA2));
        NDArray denominator = v.sqrt().divi((float) Math.sqrt(correction2)).addi(EPSILON);
        weights.get(i).subi(m.div(denominator).muli((float) (learningRate / correction1)));
    }
}
