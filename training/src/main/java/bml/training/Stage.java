package bml.training;

import ai.djl.nn.Block;

/** One tapped stage of a {@link TappedNetwork}: its layer name and the block that computes it. */
record Stage(String name, Block block) {
}
