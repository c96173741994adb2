package dev.resilience.agent;

import java.lang.instrument.Instrumentation;

/**
 * Entry points named in the jar's manifest. They only wire: {@link Bootstrap} does the work.
 */
public final class AgentMain {
    private AgentMain() {
    }

    /** {@code -javaagent:resilience-agent.jar=ARGS}, before the application's main. */
    public static void premain(String arguments, Instrumentation instrumentation) {
        Bootstrap.start(arguments, instrumentation, false);
    }

    /** Dynamic attach to a running JVM ({@code java -jar resilience-agent.jar attach}). */
    public static void agentmain(String arguments, Instrumentation instrumentation) {
        Bootstrap.start(arguments, instrumentation, true);
    }
}
