package dev.resilience.agent.metrics;

import dev.resilience.agent.core.CircuitBreaker.State;
import dev.resilience.agent.instrument.AgentErrors;
import dev.resilience.agent.metrics.MeterNames.Outcome;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

import static dev.resilience.agent.metrics.MeterNames.METHOD;
import static dev.resilience.agent.metrics.MeterNames.RULE;

/** The meters of a method, of a breaker, and the agent-wide ones: what docs/metrics.md lists. Stateless. */
final class AgentMeters {
    private static final String AGENT_ERRORS = "Internal errors of the agent; the call then ran unprotected";

    private AgentMeters() {
    }

    static List<MeterDef> forMethod(MethodFigures m) {
        String[] tags = {RULE, m.rule(), METHOD, m.method()};
        List<MeterDef> meters = new ArrayList<>();
        for (Outcome outcome : Outcome.values()) {
            meters.add(MeterDef.counter(MeterNames.CALLS,
                    "Calls of a protected method by how they ended; each call counts once",
                    with(tags, MeterNames.OUTCOME, outcome.tag()), reader(m, outcome)));
        }
        meters.add(MeterDef.counter(MeterNames.RETRY_ATTEMPTS, "Attempts after the first (a call that took 3 attempts adds 2)",
                tags, m::retries));
        meters.add(MeterDef.counter(MeterNames.TIMEOUTS, "Attempts that timed out", tags, m::timeouts));
        meters.add(MeterDef.counter(MeterNames.REJECTIONS,
                "Calls refused by an open circuit, a full bulkhead or busy timeout workers", tags, m::rejections));
        meters.add(MeterDef.counter(MeterNames.AGENT_ERRORS, AGENT_ERRORS, tags, m::agentErrors));
        if (m.claimTimer()) {
            meters.add(durationTimer(m));
        }
        return meters;
    }

    /** The method's call-duration timer: defined with its other meters, or when a reload makes its rule timed. */
    static MeterDef durationTimer(MethodFigures m) {
        return MeterDef.timer(MeterNames.CALL_DURATION,
                "Whole calls, every attempt and wait included (rules with a timeout or a slow-call breaker)",
                new String[] {RULE, m.rule(), METHOD, m.method()}, m::timedCalls, m::durationNanos);
    }

    /**
     * A breaker's meters carry {@code method} only under {@code scope: method}, as the contract says; a
     * breaker the whole rule shares is tagged with its rule alone.
     */
    static List<MeterDef> forBreaker(BreakerView b, TransitionCounter transitions) {
        String[] tags = b.method().equals(MeterNames.WHOLE_RULE) ? new String[] {RULE, b.rule()}
                : new String[] {RULE, b.rule(), METHOD, b.method()};
        List<MeterDef> meters = new ArrayList<>();
        for (String state : MeterNames.STATES) {
            meters.add(MeterDef.gauge(MeterNames.BREAKER_STATE,
                    "1 for the circuit breaker's current state, 0 for the others; FORCED_* while an operator holds it",
                    with(tags, MeterNames.STATE, state), () -> state.equals(b.state()) ? 1 : 0));
        }
        for (List<String> pair : MeterNames.TRANSITIONS) {
            State from = State.valueOf(pair.get(0));
            State to = State.valueOf(pair.get(1));
            meters.add(MeterDef.counter(MeterNames.BREAKER_TRANSITIONS,
                    "Circuit breaker state changes; opens are to=OPEN, resets from=HALF_OPEN to=CLOSED",
                    with(with(tags, MeterNames.FROM, pair.get(0)), MeterNames.TO, pair.get(1)),
                    () -> transitions.count(b.label(), from, to)));
        }
        return meters;
    }

    /** Internal errors not tied to one method, e.g. a class that could not be instrumented. */
    static List<MeterDef> agentWide() {
        return List.of(MeterDef.counter(MeterNames.AGENT_ERRORS, AGENT_ERRORS,
                new String[] {RULE, "", METHOD, ""}, AgentErrors::unattributed));
    }

    private static LongSupplier reader(MethodFigures m, Outcome outcome) {
        return switch (outcome) {
            case SUCCESS -> m::successes;
            case FAILURE -> m::failuresOtherThanTimeout;
            case TIMEOUT -> m::timedOutCalls;
            case REJECTED -> m::rejectedOutcome;
            case FALLBACK -> m::fallbacks;
        };
    }

    private static String[] with(String[] tags, String key, String value) {
        String[] more = new String[tags.length + 2];
        System.arraycopy(tags, 0, more, 0, tags.length);
        more[tags.length] = key;
        more[tags.length + 1] = value;
        return more;
    }
}
