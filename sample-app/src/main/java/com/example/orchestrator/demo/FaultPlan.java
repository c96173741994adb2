package com.example.orchestrator.demo;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The demo's scripted, seeded fault schedule: for a request to a service, at {@code elapsedMs}
 * after the run's first request (to any service), what to answer. The clock starts at the first
 * request, not at the JVM's launch, so both runs meet the outage and the rate-limit burst at the
 * same point of their work, however long each JVM took to start.
 *
 * <p>Transient faults follow the configured rates exactly, not a lucky or unlucky draw, and fall on
 * the same jobs in both runs. A request is placed by its index - the number of the job it is for
 * ({@code job-007}, found in the storage path, the database row, the audio's file name, the
 * transcript in the LLM prompt), or its own number when it names none - and by its attempt, the
 * job's requests to that service so far. First attempts are spread evenly over [0, 1) by index
 * (a golden-ratio sequence, shifted by the seed): over any run of jobs, 8% of first attempts are
 * within an 8% band, so a run of 60 jobs sees the configured rates. Later attempts (the agent's
 * retries) are independent seeded draws: a retry can fail again, as in real life.
 *
 * <p>What is scripted, close to real life, and which pattern of the policy it is for:
 * <ul>
 *   <li>whisper: its host reboots. First it is unreachable ({@link #UNREACHABLE_FROM_MS} to
 *       {@link #LOADING_FROM_MS}): the gateway in front of it waits its connect timeout
 *       ({@link #GATEWAY_TIMEOUT_MS}) and answers 504, so a caller without a breaker waits for every
 *       failure. Then the server is up but loads its model ({@link #LOADING_FROM_MS} to
 *       {@link #OUTAGE_UNTIL_MS}) and answers 503 at once. 3 s in all: far longer than a retry can
 *       bridge, the circuit breaker's case. Otherwise a few transient 503s and a few transcriptions
 *       stuck in a decoding loop ({@link #STUCK_MS}, past the timeout; a second attempt is fine);</li>
 *   <li>ollama: transient 503s (its request queue is full) and answers slower ({@link #SLOW_MS})
 *       than the timeout (an overloaded GPU): retries and the timeout's case;</li>
 *   <li>supabase: connection resets, and a rate-limit burst ({@link #RATE_LIMIT_FROM_MS} to
 *       {@link #RATE_LIMIT_UNTIL_MS}, one limiter window of 1 s) answered 429 with
 *       {@code Retry-After: 1}: a retry a second later succeeds; not an outage;</li>
 *   <li>storage: rare 503s on uploads (never retried: those jobs fail in both runs) and slowish
 *       answers that stay within the timeout.</li>
 * </ul>
 * Stateless and thread-safe.
 */
public final class FaultPlan {
    public enum Kind { OK, SLOW, HTTP_503, HTTP_504, HTTP_429, RESET }

    /** What to answer: a kind and the answer's delay in ms. */
    public record Decision(Kind kind, int delayMs) {}

    public static final long UNREACHABLE_FROM_MS = 3000, LOADING_FROM_MS = 5000, OUTAGE_UNTIL_MS = 6000;
    public static final int GATEWAY_TIMEOUT_MS = 1500;
    public static final long RATE_LIMIT_FROM_MS = 7000, RATE_LIMIT_UNTIL_MS = 8000;
    public static final int SLOW_MS = 3000, STUCK_MS = 4000;

    private final long seed;

    public FaultPlan(long seed) {
        this.seed = seed;
    }

    /**
     * @param index   the job's number, or the request's number when it does not name its job
     * @param attempt 0 for the first request of this index to this service, 1 for the next...
     */
    public Decision decide(String service, int index, int attempt, long elapsedMs) {
        SplittableRandom r = new SplittableRandom(seed * 1_000_003L + (service + "/" + index + "/" + attempt).hashCode());
        double p = attempt == 0 ? spread(service, index) : r.nextDouble();
        switch (service) {
            case "whisper" -> {
                if (elapsedMs >= UNREACHABLE_FROM_MS && elapsedMs < LOADING_FROM_MS) {
                    return new Decision(Kind.HTTP_504, GATEWAY_TIMEOUT_MS);
                }
                if (elapsedMs >= LOADING_FROM_MS && elapsedMs < OUTAGE_UNTIL_MS) return new Decision(Kind.HTTP_503, 5);
                if (p < 0.03) return new Decision(Kind.HTTP_503, 20);
                if (p < 0.05) return new Decision(Kind.SLOW, STUCK_MS);
                return new Decision(Kind.OK, 30 + r.nextInt(40));
            }
            case "ollama" -> {
                if (p < 0.08) return new Decision(Kind.HTTP_503, 20);
                if (p < 0.14) return new Decision(Kind.SLOW, SLOW_MS);
                return new Decision(Kind.OK, 60 + r.nextInt(80));
            }
            case "supabase" -> {
                if (elapsedMs >= RATE_LIMIT_FROM_MS && elapsedMs < RATE_LIMIT_UNTIL_MS) return new Decision(Kind.HTTP_429, 2);
                if (p < 0.05) return new Decision(Kind.RESET, 5);
                return new Decision(Kind.OK, 5 + r.nextInt(15));
            }
            case "storage" -> {
                if (p < 0.02) return new Decision(Kind.HTTP_503, 10);
                if (p < 0.06) return new Decision(Kind.OK, 600 + r.nextInt(400));
                return new Decision(Kind.OK, 10 + r.nextInt(30));
            }
            default -> {
                return new Decision(Kind.OK, 10);
            }
        }
    }

    /** Index i's place in [0, 1): i times the golden ratio, modulo 1, shifted per service and seed. */
    double spread(String service, int index) {
        double shift = new SplittableRandom(seed * 31L + service.hashCode()).nextDouble();
        double x = index * GOLDEN + shift;
        return x - Math.floor(x);
    }

    private static final double GOLDEN = 0.6180339887498949;

    /** The schedule in words, one line per service, for the console (times from the run's first request). */
    public static List<String> describe() {
        return List.of(
                String.format("whisper   host reboots: unreachable %.1f-%.1f s (gateway answers 504 after %d ms), loading its model"
                                + " %.1f-%.1f s (503 at once); otherwise 3%% 503, 2%% stuck for %.0f s",
                        s(UNREACHABLE_FROM_MS), s(LOADING_FROM_MS), GATEWAY_TIMEOUT_MS, s(LOADING_FROM_MS), s(OUTAGE_UNTIL_MS),
                        s(STUCK_MS)),
                String.format("ollama    8%% 503 (queue full), 6%% answers after %.0f s (overloaded GPU)", s(SLOW_MS)),
                String.format("supabase  5%% connection resets; rate-limited %.1f-%.1f s (429, Retry-After: 1)",
                        s(RATE_LIMIT_FROM_MS), s(RATE_LIMIT_UNTIL_MS)),
                "storage   2% 503 on uploads (never retried), 4% slowish answers within the timeout");
    }

    private static double s(long ms) {
        return ms / 1000.0;
    }
}
