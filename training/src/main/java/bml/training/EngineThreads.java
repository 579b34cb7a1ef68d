package bml.training;

import ai.djl.engine.Engine;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.Method;

/**
 * Applies {@code training.threads} to the PyTorch engine's intra-op thread pool.
 *
 * <p>Why two mechanisms: DJL 0.36 reads the system property {@code ai.djl.pytorch.num_threads} only when the
 * engine loads, which may already have happened (a probe or another session loaded it). So the property is
 * set for a fresh JVM, and once the engine is loaded its public {@code ai.djl.pytorch.jni.JniUtils
 * .setNumThreads(int)} (which calls {@code at::set_num_threads}) is invoked reflectively, because this module
 * compiles against the engine-neutral DJL api only. PyTorch applies the count to the calling thread at once
 * and to every other thread the first time it runs a parallel operator.
 */
final class EngineThreads {

    static final String PROPERTY = "ai.djl.pytorch.num_threads";

    private static final Logger LOG = LoggerFactory.getLogger(EngineThreads.class);

    private EngineThreads() {
    }

    /** Sets the intra-op thread count; {@code threads <= 0} leaves the engine default (all cores). */
    static void apply(int threads) {
        if (threads <= 0) {
            return;
        }
        if (System.getProperty(PROPERTY) == null) {
            System.setProperty(PROPERTY, Integer.toString(threads));
        }
        Engine engine = Engine.getInstance();
        if (!"PyTorch".equals(engine.getEngineName())) {
            LOG.warn("training.threads={} ignored: engine [{}] is not PyTorch", threads, engine.getEngineName());
            return;
        }
        try {
            Class<?> jni = Class.forName("ai.djl.pytorch.jni.JniUtils");
            Method set = jni.getMethod("setNumThreads", int.class);
            Method get = jni.getMethod("getNumThreads");
            set.invoke(null, threads);
            LOG.info("PyTorch intra-op threads set to [{}]", get.invoke(null));
        } catch (ReflectiveOperationException | LinkageError e) {
            LOG.warn("training.threads={} could not be applied to the loaded PyTorch engine: {}", threads,
                    e.toString());
        }
    }
}
