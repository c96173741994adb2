package com.example.orchestrator.demo;

import java.util.List;
import java.util.Map;

/**
 * Everything measured in one run: the app's own report, WireMock's request journal per service,
 * the faults actually served, and the agent's breaker transitions (read from its log).
 *
 * @param agentLogSeen whether any {@code [resilience-agent]} line was seen: without one, breaker
 *                     figures are unknown ("n/a") rather than zero
 */
record DemoRun(String label, boolean withAgent, RunData data, Map<String, List<Long>> requestTimes,
               Map<String, Map<FaultPlan.Kind, Integer>> served, List<BreakerLog.Transition> transitions,
               boolean agentLogSeen) {}
