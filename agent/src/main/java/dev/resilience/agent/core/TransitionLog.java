package dev.resilience.agent.core;

import java.util.function.Consumer;

/**
 * Where breaker transition lines go, with the one an operator must see even at {@code log=warn}
 * apart: a circuit opening on failures, which refuses calls from then on (operator audit: logged
 * at INFO, an outage left no line at WARN). A plain {@code Consumer<String>} gets every line alike.
 */
public interface TransitionLog extends Consumer<String> {
    /** A circuit opened on failures: by default, as any other line. */
    default void opened(String line) {
        accept(line);
    }
}
