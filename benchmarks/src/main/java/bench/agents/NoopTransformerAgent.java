package bench.agents;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;

/**
 * The scale comparison's floor: a transformer that changes nothing, registered with the same
 * capabilities as the resilience agent (redefine and retransform, manifest and transformer alike).
 * What it costs is what the JVM charges any Java agent that looks at class loading: one upcall per
 * class with a copy of its bytes, and the JIT's bookkeeping for classes that may be redefined.
 */
public final class NoopTransformerAgent {
    private NoopTransformerAgent() {
    }

    public static void premain(String arguments, Instrumentation instrumentation) {
        instrumentation.addTransformer(new Noop(), instrumentation.isRetransformClassesSupported());
    }

    private static final class Noop implements ClassFileTransformer {
        @Override
        public byte[] transform(ClassLoader loader, String className, Class<?> classBeingRedefined,
                                ProtectionDomain protectionDomain, byte[] classfileBuffer) {
            return null;
        }
    }
}
