package com.example.orchestrator.demo;

import com.example.orchestrator.CallRecord;
import java.util.regex.Pattern;

/**
 * How the demo classifies one adapter call. A call the agent refused because the circuit was open
 * is recognised by its exception: a type or message that speaks of an open circuit / breaker or of
 * a rejection. Tolerant on purpose while the agent's exception names settle; {@link #REJECTION}
 * is the one place to adjust.
 */
public enum CallOutcome {
    OK, FAILED, REJECTED;

    static final Pattern REJECTION = Pattern.compile(
            "(?i)(circuit|breaker)[^.]*open|open[ -]?(circuit|breaker)|CallNotPermitted|Rejected");

    public static CallOutcome of(CallRecord c) {
        if (c.ok()) return OK;
        for (String type : c.exceptionTypes()) {
            if (REJECTION.matcher(type.substring(type.lastIndexOf('.') + 1)).find()) return REJECTED;
        }
        if (c.message() != null && REJECTION.matcher(c.message()).find()) return REJECTED;
        return FAILED;
    }
}
