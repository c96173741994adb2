package com.example.orchestrator.demo;

import java.util.Map;

/**
 * Where the demo gets the figures only the agent itself knows: attempts that timed out (a timed-out
 * attempt followed by a successful retry leaves no trace in what the caller sees), breaker opens
 * and resets.
 *
 * <p>The source is {@link #AGENT_LOG}, the agent's own log on the forked JVM's stderr: breaker
 * transitions as they happen ({@link BreakerLog}), attempt timeouts from the shutdown summary
 * ({@link SummaryLog}). {@link DemoDriver#agentFigures()} is the one place that picks the source.
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

    /**
     * Breaker opens and resets from the agent's transition lines; attempt timeouts summed over the
     * service's rules in the shutdown summary (unknown when the run printed none for them).
     */
    AgentFigureSource AGENT_LOG = (service, run) -> {
        if (!run.withAgent() || !run.agentLogSeen()) return AgentFigures.UNKNOWN;
        int opens = 0, resets = 0;
        for (BreakerLog.Transition t : run.transitions()) {
            if (!service.equals(BreakerLog.serviceOf(t.rule(), SimulatedServices.SERVICES))) continue;
            if (t.opened()) opens++;
            if (t.reset()) resets++;
        }
        Integer timedOut = null;
        for (Map.Entry<String, Map<String, Long>> rule : run.ruleSummaries().entrySet()) {
            Long timeouts = rule.getValue().get("timeouts");
            if (timeouts != null && service.equals(BreakerLog.serviceOf(rule.getKey(), SimulatedServices.SERVICES))) {
                timedOut = (timedOut == null ? 0 : timedOut) + timeouts.intValue();
            }
        }
        return new AgentFigures(timedOut, opens, resets);
    };
}
