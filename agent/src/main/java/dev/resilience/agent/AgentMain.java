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

    /**
     * The key {@code attach} puts first in the argument so that it reads back the outcome of its
     * own attach, not that of another one made at the same moment (audit). Only an attach takes
     * it: on the {@code -javaagent} command line it is an unknown key like any other.
     */
    public static final String ATTACH_ID = "attach.id";

    /** Dynamic attach to a running JVM ({@code java -jar resilience-agent.jar attach}). */
    public static void agentmain(String arguments, Instrumentation instrumentation) {
        String id = null;
        String rest = arguments;
        if (arguments != null && arguments.startsWith(ATTACH_ID + "=")) {
            int comma = arguments.indexOf(',');
            id = arguments.substring(ATTACH_ID.length() + 1, comma < 0 ? arguments.length() : comma);
            rest = comma < 0 ? "" : arguments.substring(comma + 1);
        }
        Bootstrap.attach(rest, instrumentation, id);
    }
}
