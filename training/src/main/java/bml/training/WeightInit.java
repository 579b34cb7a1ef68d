package bml.training;

import ai.djl.nn.Parameter;
import ai.djl.training.initializer.Initializer;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * PyTorch's default initialisation, drawn in Java from a seeded generator.
 *
 * <p>Why: the same seed must give the same initial weights on any device and engine build, so no value may
 * come from the engine's global RNG. Rules (as torchvision's ResNet and {@code torch.nn} defaults): conv
 * weights Kaiming-normal (fan_out, ReLU gain), linear weights Kaiming-uniform with a = sqrt(5) (bound
 * 1/sqrt(fan_in)), biases uniform within 1/sqrt(fan_in) of their layer, BatchNorm weight 1, bias 0,
 * running mean 0, running variance 1.
 */
final class WeightInit {

    private WeightInit() {
    }

    /**
     * The initializer of one parameter.
     *
     * @param parameter the parameter to initialise
     * @param weightOfBias for a bias, the weight of the same layer (its shape gives fan_in); otherwise null
     * @param random the parameter's own generator
     */
    static Initializer of(Parameter parameter, Parameter weightOfBias, SplittableRandom random) {
        return (manager, shape, dataType) -> {
            float[] values = values(parameter, weightOfBias, shape.getShape(), random);
            return Tensors.owned(manager, values, shape);
        };
    }

    static float[] values(Parameter parameter, Parameter weightOfBias, long[] shape, SplittableRandom random) {
        float[] values = new float[Math.toIntExact(Tensors.elements(shape))];
        switch (parameter.getType()) {
            case WEIGHT:
                if (shape.length == 4) {
                    double std = Math.sqrt(2.0 / (shape[0] * shape[2] * shape[3]));
                    for (int i = 0; i < values.length; i++) {
                        values[i] = (float) (random.nextGaussian() * std);
                    }
                } else if (shape.length == 2) {
                    uniform(values, 1.0 / Math.sqrt(shape[1]), random);
                } else {
                    throw unsupported(parameter, shape);
                }
                return values;
            case BIAS:
                if (weightOfBias == null) {
                    throw unsupported(parameter, shape);
                }
                long[] weightShape = weightOfBias.getShape().getShape();
                uniform(values, 1.0 / Math.sqrt(Tensors.elements(weightShape) / weightShape[0]), random);
                return values;
            case GAMMA:
            case RUNNING_VAR:
                Arrays.fill(values, 1f);
                return values;
            case BETA:
            case RUNNING_MEAN:
                return values;
            default:
                throw unsupported(parameter, shape);
        }
    }

    private static void uniform(float[] values, double bound, SplittableRandom random) {
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
        }
    }

    private static IllegalStateException unsupported(Parameter parameter, long[] shape) {
        return new IllegalStateException("no initialisation rule for parameter " + parameter.getName()
                + " of type " + parameter.getType() + " and shape " + Tensors.describe(shape));
    }
}
