package dev.resilience.agent.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Prints a rule's effective settings as a few lines in the policy's own units, for
 * {@code validate --verbose} and {@code explain}. Stateless and thread-safe.
 */
public final class PolicyDescriber {
    private PolicyDescriber() { }

    /**
     * One line per aspect, without indentation, such as
     * {@code retry: maxAttempts=4 delay=1s multiplier=1.5 maxDelay=10s jitter=0 retryOn=[java.io.IOException]}.
     */
    public static List<String> describe(Rule rule) {
        List<String> lines = new ArrayList<>();
        lines.add("match: " + match(rule.match()));
        lines.add("mode: " + lower(rule.mode()));
        lines.add("retry: " + (rule.retry() == null ? "off" : retry(rule.retry())));
        lines.add("timeout: " + (rule.timeout() == null ? "off"
                : DurationFormat.format(rule.timeout().duration()) + " mode=" + lower(rule.timeout().mode())));
        lines.add("circuitBreaker: " + (rule.circuitBreaker() == null ? "off" : breaker(rule.circuitBreaker())));
        if (rule.bulkhead() != null) {
            lines.add("bulkhead: maxConcurrent=" + rule.bulkhead().maxConcurrent()
                    + " maxWait=" + DurationFormat.format(rule.bulkhead().maxWait()));
        }
        if (rule.fallback() != null) {
            lines.add("fallback: " + fallback(rule.fallback()));
        }
        if (rule.onFailure() != null) {
            lines.add("onFailure: exception=" + rule.onFailure().exceptionClass());
        }
        return lines;
    }

    private static String match(Match m) {
        String selector = switch (m.kind()) {
            case CLASS -> "class ";
            case SUBTYPE_OF -> "subtypeOf ";
            case ANNOTATED_WITH -> "annotatedWith ";
        };
        String methods = m.methods().isEmpty() ? " methods=(default: public declared methods)" : " methods=" + patterns(m.methods());
        String exclude = m.exclude().isEmpty() ? "" : " exclude=" + patterns(m.exclude());
        return selector + m.type() + methods + exclude;
    }

    private static String patterns(List<MethodPattern> patterns) {
        return patterns.stream().map(MethodPattern::text).collect(Collectors.joining(", ", "[", "]"));
    }

    private static String retry(RetrySettings r) {
        StringBuilder s = new StringBuilder()
                .append("maxAttempts=").append(r.maxAttempts())
                .append(" delay=").append(DurationFormat.format(r.delay()))
                .append(" multiplier=").append(NumberFormat.number(r.multiplier()))
                .append(" maxDelay=").append(DurationFormat.format(r.maxDelay()))
                .append(" jitter=").append(NumberFormat.number(r.jitter()))
                .append(" retryOn=").append(r.retryOn());
        if (!r.abortOn().isEmpty()) {
            s.append(" abortOn=").append(r.abortOn());
        }
        if (r.budget() != null) {
            s.append(" budget=(ratio=").append(NumberFormat.percent(r.budget().ratio()))
                    .append(" minPerSecond=").append(r.budget().minPerSecond()).append(')');
        }
        if (!r.onStatus().isEmpty()) {
            s.append(" onStatus=").append(r.onStatus().stream().sorted().toList());
        }
        return s.toString();
    }

    private static String breaker(BreakerSettings b) {
        StringBuilder s = new StringBuilder();
        if (b.kind() == BreakerSettings.Kind.CONSECUTIVE) {
            s.append("consecutive failureThreshold=").append(b.failureThreshold());
        } else {
            s.append("rate failureRateThreshold=").append(NumberFormat.percent(b.failureRateThreshold()))
                    .append(" slidingWindowSize=").append(b.slidingWindowSize())
                    .append(" minimumCalls=").append(b.minimumCalls());
            if (b.slowCallDuration() != null) {
                s.append(" slowCallDuration=").append(DurationFormat.format(b.slowCallDuration()))
                        .append(" slowCallRateThreshold=").append(NumberFormat.percent(b.slowCallRateThreshold()));
            }
        }
        s.append(" openDuration=").append(DurationFormat.format(b.openDuration()))
                .append(" halfOpenCalls=").append(b.halfOpenCalls())
                .append(" scope=").append(lower(b.scope()));
        if (!b.ignoreOn().isEmpty()) {
            s.append(" ignoreOn=").append(b.ignoreOn());
        }
        return s.toString();
    }

    private static String fallback(FallbackSettings f) {
        if (f.kind() == FallbackSettings.Kind.METHOD) {
            return "method=" + f.method();
        }
        Object v = f.value();
        if (v instanceof String text) {
            return "value=\"" + text + "\"";
        }
        if (v instanceof Double d) {
            return "value=" + NumberFormat.number(d);
        }
        return "value=" + (v instanceof java.util.Map ? "{}" : String.valueOf(v));
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
