package bml.reproduce;

/**
 * A k-NN accuracy's 95% bootstrap interval over the probe's queries, as the probe recorded it
 * ({@code bml.probing.QueryBootstrap}).
 *
 * @param low  lower bound
 * @param high upper bound
 */
public record KnnInterval(double low, double high) {}
