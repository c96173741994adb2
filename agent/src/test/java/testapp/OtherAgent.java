package testapp;

import java.lang.instrument.Instrumentation;

/**
 * Another Java agent beside ours, as a mocking library or an APM agent is: it retransforms classes
 * the policy protects, changing nothing itself. Started from a jar whose manifest names this class
 * ({@code OtherAgentIT} writes it); the class itself comes from the class path.
 */
public final class OtherAgent {
    private static volatile Instrumentation instrumentation;

    private OtherAgent() {
    }

    public static void premain(String argument, Instrumentation inst) {
        instrumentation = inst;
    }

    /** The {@code retransform:<class>} step: asks the JVM to retransform that class, as the other agent would. */
    static void retransform(String className) throws Exception {
        instrumentation.retransformClasses(Class.forName(className));
        System.out.println("RETRANSFORMED " + className);
    }
}
