package com.example.orchestrator.demo;

/**
 * Where the demo gets the figures only the agent itself knows: attempts that timed out (a timed-out
 * attempt followed by a successful retry leaves no trace in what the caller sees), breaker opens
 * and resets.
 *
 * <p>Today's source is {@link #AGENT_LOG}: breaker transitions parsed from the agent's log lines
 * on the forked JVM's stderr ({@link BreakerLog}); attempt timeouts are unknown, so the table shows
 * only the timeouts callers saw.
 *
 * <p>HOOK for the agent's metrics endpoint (being built): start the agent run with
 * {@code metrics.port=N} in its {@code -javaagent} argument, read the per-rule counters (timeouts,
 * breaker opens / resets) just before the app exits, and return them from a second implementation;
 * {@link DemoDriver#agentFigures()} is the one place that picks the source. The table then shows
 * a "timed-out attempts" row by itself ({@link Comparison#rows}).
 *
 * <p>Implementations are stateless and thread-safe.
 */
@FunctionalInterface
interface AgentFigureSource {

    /**
     * The agent's own figures for one service: null fields are unknown to the source ("n/a").
     *
     * @param timedOutAttempts attempts the agent abandoned at their deadline, retried or not
     */
    record AgentFigures(Integer timedOutAttempts, Integer breakerOpens, Integer breakerResets) {
        static final AgentFigures UNKNOWN = new AgentFigures(null, null, null);
    }

    /** The figures of {@code service} in {@code run}; {@link AgentFigures#UNKNOWN} for a run without the agent. */
    AgentFigures of(String service, DemoRun run);

    /** Breaker opens and resets from the agent's log; attempt timeouts unknown. */
    AgentFigureSource AGENT_LOG = (service, run) -> {
        if (!run.withAgent() || !run.agentLogSeen()) return AgentFigures.UNKNOWN;
        int opens = 0, resets = 0;
        for (BreakerLog.Transition t : run.transitions()) {
            if (!service.equals(BreakerLog.serviceOf(t.rule(), SimulatedServices.SERVICES))) continue;
            if (t.opened()) opens++;
            if (t.reset()) resets++;
        }
        return new AgentFigures(null, opens, resets);
    };
}
