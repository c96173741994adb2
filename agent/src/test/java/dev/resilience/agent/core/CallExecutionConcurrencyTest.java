package dev.resilience.agent.core;

import dev.resilience.agent.api.AgentFailure.Reason;
import dev.resilience.agent.core.CircuitBreaker.State;
import dev.resilience.agent.policy.LoadResult;
import dev.resilience.agent.policy.PolicyLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many threads calling one rule at once, through {@link CallExecution} and {@link RuleRuntime} as
 * the advice does: the breaker's trial limit, the bulkhead's limit and every count hold exactly.
 * Real threads, a fake clock: every assertion is an invariant, never a timing.
 */
class CallExecutionConcurrencyTest {
    static final int THREADS = 8;
    static final Duration OPEN = Duration.ofSeconds(30);

    final Together together = new Together(THREADS, Duration.ofSeconds(60));
    final FakeClock clock = new FakeClock();
    final List<String> log = new CopyOnWriteArrayList<>();
    final CallStats stats = new CallStats();

    @AfterEach
    void stop() throws InterruptedException {
        together.close();
    }

    RuleRuntime rule(String settings, Sleeper sleeper) {
        LoadResult result = PolicyLoader.parse("version: 1\nrules:\n  - name: svc\n    match: { class: a.B }\n"
                + "    timeout: off\n" + settings, "t.yaml");
        assertThat(result.errors()).isEmpty();
        return new RuleRuntime(result.policy().rules().get(0), 0, clock, sleeper, log::add, BreakerTransitions.NONE);
    }

    /** How one call ended, as the advice would deliver it. */
    enum End { SUCCESS, FAILURE, REJECTED }

    /** One failing call on the calling thread. */
    static void failingCall(RuleRuntime rule, CircuitBreaker breaker, CallStats stats) {
        CallExecution call = new CallExecution().begin(rule, breaker, stats, Long.MAX_VALUE);
        if (call.startAttempt()) {
            call.failed(new IOException("down"));
        } else {
            call.refused();
        }
    }

    @Test
    void everyHalfOpenRoundAdmitsExactlyHalfOpenCallsTrialsAmongEightCallers() throws Exception {
        int halfOpenCalls = 3;
        RuleRuntime rule = rule("    retry: off\n    circuitBreaker: { failureThreshold: 2, openDuration: 30s, halfOpenCalls: 3 }\n",
                Sleeper.SYSTEM);
        RuleRuntime.BreakerHandle handle = rule.breakerFor("a.B#m()");
        CircuitBreaker breaker = handle.breaker();
        int rounds = 200;
        LongAdder successes = new LongAdder();
        LongAdder failures = new LongAdder();
        LongAdder rejections = new LongAdder();
        int expectedOpens = 0;
        int expectedResets = 0;

        for (int round = 0; round < rounds; round++) {
            if (breaker.state() == State.CLOSED) {
                failingCall(rule, breaker, stats);
                failingCall(rule, breaker, stats);
                failures.add(2);
                expectedOpens++;
            }
            assertThat(breaker.state()).isEqualTo(State.OPEN);
            clock.advance(OPEN);
            boolean trialsSucceed = round % 3 != 2; // every third round one trial fails
            CountDownLatch everyoneAsked = new CountDownLatch(THREADS);
            AtomicInteger admittedNow = new AtomicInteger();
            AtomicInteger failingTrial = new AtomicInteger(trialsSucceed ? -1 : 0);

            List<End> ends = together.run(() -> {
                CallExecution call = new CallExecution().begin(rule, breaker, stats, Long.MAX_VALUE);
                if (!call.startAttempt()) {
                    everyoneAsked.countDown();
                    assertThat(call.rejection()).isEqualTo(Reason.CIRCUIT_OPEN);
                    assertThat(call.refused()).isEqualTo(CallExecution.REJECT);
                    return End.REJECTED;
                }
                int trial = admittedNow.getAndIncrement();
                everyoneAsked.countDown();
                // Hold every trial in flight until all eight callers have asked: no slot frees early.
                assertThat(everyoneAsked.await(30, TimeUnit.SECONDS)).isTrue();
                if (failingTrial.get() == trial) {
                    assertThat(call.failed(new IOException("still down"))).isEqualTo(CallExecution.FAIL);
                    return End.FAILURE;
                }
                assertThat(call.succeeded()).isEqualTo(CallExecution.RETURN);
                return End.SUCCESS;
            });

            long admitted = ends.stream().filter(e -> e != End.REJECTED).count();
            assertThat(admitted).as("trials admitted in round %d", round).isEqualTo(halfOpenCalls);
            ends.forEach(e -> (e == End.SUCCESS ? successes : e == End.FAILURE ? failures : rejections).increment());
            if (trialsSucceed) {
                expectedResets++;
                assertThat(breaker.state()).as("after round %d", round).isEqualTo(State.CLOSED);
            } else {
                expectedOpens++;
                assertThat(breaker.state()).as("after round %d", round).isEqualTo(State.OPEN);
            }
        }

        assertThat(handle.transitions().opens.sum()).isEqualTo(expectedOpens);
        assertThat(handle.transitions().resets.sum()).isEqualTo(expectedResets);
        assertThat(log.stream().filter(l -> l.contains(" -> OPEN ")).count()).isEqualTo(expectedOpens);
        assertThat(log.stream().filter(l -> l.contains("OPEN -> HALF_OPEN ")).count()).isEqualTo(rounds);
        assertThat(log.stream().filter(l -> l.contains("HALF_OPEN -> CLOSED ")).count()).isEqualTo(expectedResets);
        assertThat(stats.successes.sum()).isEqualTo(successes.sum());
        assertThat(stats.failures.sum()).isEqualTo(failures.sum());
        assertThat(stats.rejections.sum()).isEqualTo(rejections.sum()).isEqualTo(rounds * (THREADS - halfOpenCalls));
    }

    @Test
    void hammeringOneRuleKeepsTheBulkheadLimitEveryCountExactAndTheBreakerRecoverable() throws Exception {
        int maxConcurrent = 3;
        FakeSleeper sleeper = new FakeSleeper(clock); // a backoff moves the shared clock: time passes as calls retry
        RuleRuntime rule = rule("""
                    retry: { maxAttempts: 3, delay: 1s, multiplier: 2, retryOn: [java.io.IOException] }
                    circuitBreaker: { failureThreshold: 4, openDuration: 30s, halfOpenCalls: 2,
                                      ignoreOn: [java.lang.IllegalArgumentException] }
                    bulkhead: { maxConcurrent: 3, maxWait: 0ms }
                """, sleeper);
        RuleRuntime.BreakerHandle handle = rule.breakerFor("a.B#m()");
        CircuitBreaker breaker = handle.breaker();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostRunning = new AtomicInteger();
        int callsPerThread = 20_000;

        List<Map<String, Long>> tallies = together.run(() -> {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            CallExecution call = new CallExecution(); // one per thread, reused as the inline advice does
            Map<String, Long> tally = new java.util.HashMap<>();
            for (int i = 0; i < callsPerThread; i++) {
                call.begin(rule, breaker, stats, Long.MAX_VALUE);
                int decision;
                while (true) {
                    if (!call.startAttempt()) {
                        decision = call.refused();
                        if (decision == CallExecution.REJECT) {
                            tally.merge("rejected." + call.rejection(), 1L, Long::sum);
                        }
                        if (random.nextInt(50) == 0) {
                            clock.advance(OPEN.dividedBy(10)); // time passes while the circuit is open
                        }
                        break;
                    }
                    tally.merge("ran", 1L, Long::sum);
                    int now = running.incrementAndGet();
                    mostRunning.accumulateAndGet(now, Math::max);
                    int roll = random.nextInt(100);
                    if (roll < 5) {
                        clock.advance(OPEN.dividedBy(10));
                    }
                    Thread.yield(); // let another caller run while this one holds its place
                    running.decrementAndGet();
                    if (roll < 55) {
                        decision = call.succeeded();
                    } else if (roll < 60) {
                        decision = call.failed(new IllegalArgumentException("ignored by the breaker"));
                    } else {
                        decision = call.failed(new IOException("down"));
                    }
                    if (decision != CallExecution.RETRY) {
                        break;
                    }
                    if (!call.awaitBackoff()) {
                        decision = call.interruptedDuringBackoff();
                        break;
                    }
                }
                tally.merge("attempts", (long) call.attempts(), Long::sum);
                tally.merge(decision == CallExecution.RETURN ? "returned" : decision == CallExecution.FAIL ? "failed"
                        : "rejected", 1L, Long::sum);
            }
            return tally;
        });

        Map<String, Long> total = new java.util.HashMap<>();
        tallies.forEach(t -> t.forEach((k, v) -> total.merge(k, v, Long::sum)));
        long calls = (long) THREADS * callsPerThread;
        // Every call ended exactly once, and the figures say how, as the threads saw it.
        assertThat(total.getOrDefault("returned", 0L) + total.getOrDefault("failed", 0L) + total.getOrDefault("rejected", 0L))
                .isEqualTo(calls);
        assertThat(stats.successes.sum() + stats.failures.sum() + stats.rejections.sum()).isEqualTo(calls);
        assertThat(stats.rejections.sum()).isEqualTo(total.getOrDefault("rejected", 0L));
        assertThat(stats.rejections.sum()).isEqualTo(total.getOrDefault("rejected.CIRCUIT_OPEN", 0L)
                + total.getOrDefault("rejected.BULKHEAD_FULL", 0L));
        assertThat(stats.successes.sum()).isEqualTo(total.getOrDefault("returned", 0L));
        assertThat(stats.failures.sum()).isEqualTo(total.getOrDefault("failed", 0L));
        // Every attempt that ran after a call's first was a counted retry; a retry the breaker
        // refused never ran and is not counted, and a call rejected outright ran no attempt.
        assertThat(total.getOrDefault("ran", 0L))
                .isEqualTo(calls - total.getOrDefault("rejected", 0L) + stats.retries.sum());
        assertThat(total.getOrDefault("rejected.BULKHEAD_FULL", 0L)).as("the bulkhead was contended").isPositive();
        assertThat(handle.transitions().opens.sum()).as("the breaker opened, more than once").isGreaterThan(2);

        // The bulkhead never let more than its limit in, and every place came back.
        assertThat(mostRunning.get()).isBetween(1, maxConcurrent);
        assertThat(rule.bulkhead.available()).isEqualTo(maxConcurrent);

        assertTransitionsBalanced(breaker.state());
        assertThat(log.stream().filter(l -> l.contains(" -> OPEN ")).count()).isEqualTo(handle.transitions().opens.sum());
        assertThat(log.stream().filter(l -> l.contains("HALF_OPEN -> CLOSED ")).count())
                .isEqualTo(handle.transitions().resets.sum());

        // No trial slot leaked: once quiet, the breaker lets trials through and closes.
        clock.advance(OPEN);
        for (int i = 0; i < 2; i++) {
            CallExecution call = new CallExecution().begin(rule, breaker, stats, Long.MAX_VALUE);
            assertThat(call.startAttempt()).as("trial %d after the storm (breaker %s)", i, breaker).isTrue();
            call.succeeded();
        }
        assertThat(breaker.state()).isEqualTo(State.CLOSED);
    }

    /**
     * A permission granted before the breaker opened, given back (ignoreOn) after it went HALF_OPEN,
     * must not free the slot of the trial that is running: with {@code halfOpenCalls: 1} a second
     * trial must wait. Single-threaded: the interleaving is spelled out step by step.
     * The permit names the phase that granted it, so giving it back frees nothing in a later phase.
     */
    @Test
    void aPermissionFromBeforeTheBreakerOpenedDoesNotFreeARunningTrialsSlot() {
        RuleRuntime rule = rule("    retry: off\n    circuitBreaker: { failureThreshold: 1, openDuration: 30s, halfOpenCalls: 1,"
                + " ignoreOn: [java.lang.IllegalArgumentException] }\n", Sleeper.SYSTEM);
        CircuitBreaker breaker = rule.breakerFor("a.B#m()").breaker();
        CallExecution slow = new CallExecution().begin(rule, breaker, stats, Long.MAX_VALUE);
        assertThat(slow.startAttempt()).as("slow call let through while CLOSED").isTrue();
        failingCall(rule, breaker, stats);
        assertThat(breaker.state()).isEqualTo(State.OPEN);
        clock.advance(OPEN);
        CallExecution trial = new CallExecution().begin(rule, breaker, stats, Long.MAX_VALUE);
        assertThat(trial.startAttempt()).as("the one trial").isTrue();

        slow.failed(new IllegalArgumentException("ignored by the breaker"));

        CallExecution second = new CallExecution().begin(rule, breaker, stats, Long.MAX_VALUE);
        assertThat(second.startAttempt()).as("a second trial while the first still runs (halfOpenCalls: 1)").isFalse();
    }

    /** Each log line is a from -> to edge; with none lost or doubled, every state is entered as often as left. */
    private void assertTransitionsBalanced(State end) {
        Map<State, Integer> balance = new EnumMap<>(State.class);
        for (State s : State.values()) {
            balance.put(s, 0);
        }
        Set<String> legal = Set.of("CLOSED -> OPEN", "OPEN -> HALF_OPEN", "HALF_OPEN -> OPEN", "HALF_OPEN -> CLOSED");
        for (String line : log) {
            String[] words = line.split(" ");       // breaker svc FROM -> TO (reason)
            String edge = words[2] + " -> " + words[4];
            assertThat(legal).as(line).contains(edge);
            balance.merge(State.valueOf(words[2]), -1, Integer::sum);
            balance.merge(State.valueOf(words[4]), 1, Integer::sum);
        }
        for (State s : State.values()) {
            int expected = (s == end ? 1 : 0) - (s == State.CLOSED ? 1 : 0);
            assertThat(balance.get(s)).as("entries minus exits of %s", s).isEqualTo(expected);
        }
    }
}
