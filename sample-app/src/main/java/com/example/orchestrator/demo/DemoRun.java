package com.example.orchestrator.demo;

import java.util.List;
import java.util.Map;

/**
 * Everything measured in one run: the app's own report, WireMock's request journal per service,
 * the faults actually served, and what the agent logged: its breaker transitions and its
 * shutdown summary.
 *
 * @param agentLogSeen   whether any {@code [resilience-agent]} line was seen: without one, breaker
 *                       figures are unknown ("n/a") rather than zero
 * @param ruleSummaries  the agent's shutdown summary by rule ({@link SummaryLog}); empty without
 *                       the agent, or when the JVM ended without one
 */
record DemoRun(String label, boolean withAgent, RunData data, Map<String, List<Long>> requestTimes,
               Map<String, Map<FaultPlan.Kind, Integer>> served, List<BreakerLog.Transition> transitions,
               boolean agentLogSeen, Map<String, Map<String, Long>> ruleSummaries) {}
