package testapp;

import java.lang.reflect.Method;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Runs {@link Scenario}, then prints the agent's own error count per instrumented method as
 * {@code AGENT_ERRORS <label> <n>}, read by reflection from the agent's site registry (the agent jar
 * is on the system class path). Prints {@code AGENT_ERRORS unreachable} when there is no agent.
 */
public final class AgentErrorsReport {
    private AgentErrorsReport() {
    }

    public static void main(String[] args) throws Exception {
        Scenario.main(args);
        Class<?> sites;
        try {
            sites = Class.forName("dev.resilience.agent.instrument.Sites");
        } catch (ClassNotFoundException e) {
            System.out.println("AGENT_ERRORS unreachable");
            return;
        }
        for (Object site : (List<?>) sites.getMethod("all").invoke(null)) {
            Method stats = site.getClass().getMethod("stats");
            Object figures = stats.invoke(site);
            LongAdder errors = (LongAdder) figures.getClass().getField("agentErrors").get(figures);
            System.out.println("AGENT_ERRORS " + site.getClass().getMethod("label").invoke(site) + " " + errors.sum());
        }
    }
}
