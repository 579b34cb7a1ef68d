package bml.reproduce;

/** A measurement taken at a training step (a probe's k-NN accuracy, a mean training accuracy). */
public record StepValue(long step, double value) {}
