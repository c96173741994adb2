package bench.agents;

import java.lang.instrument.Instrumentation;

/** The startup comparison's empty agent: the cost of the JVM's agent machinery alone. */
public final class EmptyAgent {
    private EmptyAgent() {
    }

    public static void premain(String arguments, Instrumentation instrumentation) {
        // nothing: that is the point
    }
}
