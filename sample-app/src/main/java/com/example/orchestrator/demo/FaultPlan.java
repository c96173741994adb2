package com.example.orchestrator.demo;

import java.util.SplittableRandom;

/**
 * The demo's scripted, seeded fault schedule: for the n-th request a service receives, at
 * {@code elapsedMs} after the run's first request, what to answer. The same seed gives the same
 * answer for the same (service, n), so both runs face the same faults in the same places (though
 * the run with the agent sends more requests, its retries, and so reaches further into the list).
 *
 * <p>What is scripted, close to real life:
 * <ul>
 *   <li>whisper: a 3 s outage (503 while the server "reloads its model") from 3 s to 6 s, and a
 *       few transient 503s otherwise;</li>
 *   <li>ollama: transient 503s ("overloaded") and some answers slower (3 s) than the demo
 *       policy's 1.5 s timeout;</li>
 *   <li>supabase: connection resets, and 429s during a short rate-limit burst at 7 s;</li>
 *   <li>storage: rare 503s (uploads are not retried: those jobs fail in both runs) and slowish
 *       answers that stay within the timeout.</li>
 * </ul>
 * Stateless and thread-safe.
 */
public final class FaultPlan {
    public enum Kind { OK, HTTP_503, HTTP_429, RESET, SLOW }

    /** What to answer: a kind and the answer's delay in ms. */
    public record Decision(Kind kind, int delayMs) {}

    public static final long OUTAGE_FROM_MS = 3000, OUTAGE_UNTIL_MS = 6000;
    public static final long RATE_LIMIT_FROM_MS = 7000, RATE_LIMIT_UNTIL_MS = 7600;
    public static final int SLOW_MS = 3000;

    private final long seed;

    public FaultPlan(long seed) {
        this.seed = seed;
    }

    public Decision decide(String service, int n, long elapsedMs) {
        SplittableRandom r = new SplittableRandom(seed * 1_000_003L + service.hashCode() * 7919L + n);
        double p = r.nextDouble();
        switch (service) {
            case "whisper" -> {
                int base = 30 + r.nextInt(40);
                if (elapsedMs >= OUTAGE_FROM_MS && elapsedMs < OUTAGE_UNTIL_MS) return new Decision(Kind.HTTP_503, 5);
                return new Decision(p < 0.04 ? Kind.HTTP_503 : Kind.OK, base);
            }
            case "ollama" -> {
                int base = 60 + r.nextInt(80);
                if (p < 0.08) return new Decision(Kind.HTTP_503, 20);
                if (p < 0.14) return new Decision(Kind.SLOW, SLOW_MS);
                return new Decision(Kind.OK, base);
            }
            case "supabase" -> {
                int base = 5 + r.nextInt(15);
                if (elapsedMs >= RATE_LIMIT_FROM_MS && elapsedMs < RATE_LIMIT_UNTIL_MS) return new Decision(Kind.HTTP_429, 2);
                return new Decision(p < 0.06 ? Kind.RESET : Kind.OK, base);
            }
            case "storage" -> {
                int base = 10 + r.nextInt(30);
                if (p < 0.02) return new Decision(Kind.HTTP_503, 10);
                if (p < 0.06) return new Decision(Kind.OK, 600 + r.nextInt(400));
                return new Decision(Kind.OK, base);
            }
            default -> {
                return new Decision(Kind.OK, 10);
            }
        }
    }
}
