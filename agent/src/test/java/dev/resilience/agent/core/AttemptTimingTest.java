package dev.resilience.agent.core;

import dev.resilience.agent.policy.LoadResult;
import dev.resilience.agent.policy.PolicyLoader;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link AttemptTiming}: deadline arithmetic, and the clock read only where a reading is needed. */
class AttemptTimingTest {
    private static final String UNTIMED = "    timeout: off\n    circuitBreaker: off\n";
    private static final String ONE_SECOND = "    timeout: { duration: 1s }\n    circuitBreaker: off\n";
    private static final long MS = Duration.ofMillis(1).toNanos();

    private final FakeClock clock = new FakeClock();
    private final ReadCounter reads = new ReadCounter();
    private final CallStats stats = new CallStats();
    private final AttemptTiming timing = new AttemptTiming();

    /** Counts the clock reads, which are what timing exists to keep few. */
    private final class ReadCounter implements NanoClock {
        int count;

        @Override
        public long nanoTime() {
            count++;
            return clock.nanoTime();
        }
    }

    private RuleRuntime rule(String body) {
        LoadResult result = PolicyLoader.parse("version: 1\nrules:\n  - name: svc\n    match: { class: a.B }\n" + body, "t.yaml");
        assertThat(result.errors()).isEmpty();
        RuleRuntime rule = new RuleRuntime(result.policy().rules().get(0), 0, reads, new FakeSleeper(clock),
                line -> { }, BreakerTransitions.NONE);
        reads.count = 0;   // only the timing's reads count
        return rule;
    }

    /** Begins a call whose first attempt is admitted at once, as without a bulkhead. */
    private void startCall(String body, long outerDeadline) {
        timing.begin(rule(body), outerDeadline);
        startAttempt(1);
    }

    private void startAttempt(int attempt) {
        timing.newAttempt();
        timing.attemptAdmitted(attempt);
    }

    private long inMillis(long fromNow) {
        return clock.nanoTime() + fromNow * MS;
    }

    /** The timeout's message says how long an attempt had when an enclosing deadline cut it short. */
    @Test
    void anAttemptCutByTheEnclosingDeadlineKnowsHowLongItWasAllowed() {
        startCall(ONE_SECOND, Long.MAX_VALUE);
        assertThat(timing.cutLimitNanos()).as("no enclosing deadline").isEqualTo(-1);

        startCall(ONE_SECOND, inMillis(1_500));
        assertThat(timing.cutLimitNanos()).as("the rule's timeout ends first").isEqualTo(-1);

        startCall(ONE_SECOND, inMillis(1_000));
        assertThat(timing.cutLimitNanos()).as("both end together: the rule's own timeout, not cut").isEqualTo(-1);

        startCall(ONE_SECOND, inMillis(700));
        clock.advanceNanos(300 * MS);
        int before = reads.count;
        assertThat(timing.cutLimitNanos()).as("allowed from the attempt's start, whenever asked").isEqualTo(700 * MS);
        assertThat(reads.count).isEqualTo(before);

        startCall(UNTIMED, inMillis(250));
        assertThat(timing.cutLimitNanos()).as("no timeout of its own: the deadline is all it had").isEqualTo(250 * MS);

        startCall(ONE_SECOND, inMillis(-5));
        assertThat(timing.cutLimitNanos()).as("the deadline had passed").isZero();
    }

    /** A body that returned at its deadline is judged timed out, as the timer judges it; one a nanosecond earlier is not. */
    @Test
    void anAttemptEndingAtItsDeadlineEndedPastIt() {
        startCall(ONE_SECOND, Long.MAX_VALUE);
        clock.advanceNanos(1_000 * MS - 1);
        assertThat(timing.endedPastDeadline()).isFalse();

        startCall(ONE_SECOND, Long.MAX_VALUE);
        clock.advanceNanos(1_000 * MS);
        assertThat(timing.endedPastDeadline()).isTrue();
    }

    @Test
    void withoutTimeoutOrDeadlineThereIsNoLimitAndNoClockRead() {
        startCall(UNTIMED, Long.MAX_VALUE);
        clock.advanceNanos(5 * MS);

        assertThat(timing.timeLimited()).isFalse();
        assertThat(timing.attemptTimeoutNanos()).isZero();
        assertThat(timing.attemptDeadline()).isEqualTo(Long.MAX_VALUE);
        assertThat(timing.attemptDuration()).isZero();
        timing.recordCallDuration(stats);
        timing.recordCallDurationToAttemptEnd(stats);

        assertThat(stats.timedCalls.sum()).isZero();
        assertThat(reads.count).isZero();
    }

    @Test
    void theRuleTimeoutAloneLimitsTheAttemptFromItsStart() {
        long start = clock.nanoTime();
        startCall(ONE_SECOND, Long.MAX_VALUE);

        assertThat(timing.timeLimited()).isTrue();
        assertThat(timing.attemptTimeoutNanos()).isEqualTo(1000 * MS);
        assertThat(timing.attemptDeadline()).isEqualTo(start + 1000 * MS);
    }

    @Test
    void theRuleTimeoutIsCutToWhatIsLeftOfTheEnclosingDeadline() {
        startCall(ONE_SECOND, inMillis(300));

        assertThat(timing.attemptTimeoutNanos()).isEqualTo(300 * MS);
        clock.advanceNanos(100 * MS);
        assertThat(timing.attemptTimeoutNanos()).isEqualTo(200 * MS);
    }

    @Test
    void anEnclosingDeadlineFurtherThanTheTimeoutLeavesTheTimeout() {
        startCall(ONE_SECOND, inMillis(5000));

        assertThat(timing.attemptTimeoutNanos()).isEqualTo(1000 * MS);
    }

    @Test
    void withoutARuleTimeoutTheEnclosingDeadlineAloneLimits() {
        long deadline = inMillis(300);
        startCall(UNTIMED, deadline);

        assertThat(timing.timeLimited()).isTrue();
        assertThat(timing.attemptDeadline()).isEqualTo(deadline);
        clock.advanceNanos(100 * MS);
        assertThat(timing.attemptTimeoutNanos()).isEqualTo(200 * MS);
    }

    @Test
    void aPassedEnclosingDeadlineLeavesMinusOneAndItselfAsTheAttemptDeadline() {
        long deadline = inMillis(300);
        startCall(ONE_SECOND, deadline);

        clock.advanceNanos(300 * MS);   // exactly at the deadline: nothing left
        assertThat(timing.attemptTimeoutNanos()).isEqualTo(-1);
        clock.advanceNanos(MS);
        assertThat(timing.attemptTimeoutNanos()).isEqualTo(-1);
        assertThat(timing.attemptDeadline()).isEqualTo(deadline);
    }

    @Test
    void anEnclosingDeadlineBeforeTheTimeoutIsTheAttemptDeadlineExactlyHoweverLongTheAttemptHasRun() {
        long deadline = inMillis(300);
        startCall(ONE_SECOND, deadline);
        reads.count = 0;

        clock.advanceNanos(100 * MS);   // the attempt has run a while before a nested call asks

        assertThat(timing.attemptDeadline()).isEqualTo(deadline);
        assertThat(reads.count).isZero();
    }

    @Test
    void aLaterAttemptsDeadlineCountsFromItsOwnStart() {
        long deadline = inMillis(5000);
        startCall(ONE_SECOND, deadline);
        clock.advanceNanos(1200 * MS);
        long secondStart = clock.nanoTime();

        startAttempt(2);

        assertThat(timing.attemptDeadline()).isEqualTo(secondStart + 1000 * MS);
        clock.advanceNanos(3500 * MS);   // now the enclosing deadline comes first
        startAttempt(3);
        assertThat(timing.attemptDeadline()).isEqualTo(deadline);
    }

    @Test
    void waitsAreCutToTheEnclosingDeadlineAndRetriesMustEndBeforeIt() {
        timing.begin(rule(UNTIMED), inMillis(300));

        assertThat(timing.cutToDeadline(1000 * MS)).isEqualTo(300 * MS);
        assertThat(timing.cutToDeadline(100 * MS)).isEqualTo(100 * MS);
        assertThat(timing.leavesRoomFor(299 * MS)).isTrue();
        assertThat(timing.leavesRoomFor(300 * MS)).isFalse();
    }

    @Test
    void withoutAnEnclosingDeadlineWaitsAreWholeAndNoClockIsRead() {
        timing.begin(rule(UNTIMED), Long.MAX_VALUE);

        assertThat(timing.cutToDeadline(1000 * MS)).isEqualTo(1000 * MS);
        assertThat(timing.leavesRoomFor(Long.MAX_VALUE / 2)).isTrue();
        assertThat(reads.count).isZero();
    }

    @Test
    void aFirstAttemptStartsWithTheCallAndItsEndIsReadOnce() {
        timing.begin(rule(ONE_SECOND), Long.MAX_VALUE);
        int atBegin = reads.count;
        assertThat(atBegin).as("the call's start").isEqualTo(1);
        startAttempt(1);
        assertThat(reads.count).as("the call's start serves the first attempt").isEqualTo(atBegin);

        clock.advanceNanos(40 * MS);
        assertThat(timing.attemptDuration()).isEqualTo(40 * MS);
        clock.advanceNanos(10 * MS);
        assertThat(timing.attemptDuration()).as("the end read once").isEqualTo(40 * MS);
        assertThat(timing.endedPast(clock.nanoTime() - 10 * MS)).isTrue();
        assertThat(timing.endedPast(clock.nanoTime() - 10 * MS + 1)).isFalse();
        timing.recordCallDurationToAttemptEnd(stats);

        assertThat(reads.count).isEqualTo(atBegin + 1);
        assertThat(stats.durationNanos.sum()).isEqualTo(40 * MS);
        assertThat(stats.timedCalls.sum()).isEqualTo(1);
    }

    @Test
    void aLaterAttemptStartsWhenAdmittedAndEndsAfresh() {
        startCall(ONE_SECOND, Long.MAX_VALUE);
        clock.advanceNanos(40 * MS);
        assertThat(timing.attemptDuration()).isEqualTo(40 * MS);

        clock.advanceNanos(100 * MS);   // the backoff
        startAttempt(2);
        clock.advanceNanos(25 * MS);

        assertThat(timing.attemptDuration()).isEqualTo(25 * MS);
        timing.recordCallDuration(stats);
        assertThat(stats.durationNanos.sum()).isEqualTo(165 * MS);
    }

    @Test
    void aBulkheadWaitMakesEvenTheFirstAttemptReadItsStart() {
        timing.begin(rule(ONE_SECOND + "    bulkhead: { maxConcurrent: 1, maxWait: 1s }\n"), Long.MAX_VALUE);
        clock.advanceNanos(30 * MS);   // waited for a place
        startAttempt(1);
        clock.advanceNanos(20 * MS);

        assertThat(timing.attemptDuration()).isEqualTo(20 * MS);
    }
}
