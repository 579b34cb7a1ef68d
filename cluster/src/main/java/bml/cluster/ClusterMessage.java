package bml.cluster;

/**
 * Marks the messages that travel between the JVMs of a sweep cluster; {@code bml-cluster.conf} binds them to
 * Pekko's Jackson CBOR serializer.
 *
 * <p>Why a marker: with Java serialization off, a message without it cannot leave its JVM by accident, and the
 * binding names exactly what may arrive from another node.
 */
public interface ClusterMessage {}
