/**
 * Experiment settings: the documented {@code reference.conf} layered with a user file and {@code --set}
 * overrides, validated with origins into immutable records, plus the one seed-derivation scheme.
 */
package bml.config;
