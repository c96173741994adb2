package dev.resilience.agent.core.jcstress;

import dev.resilience.agent.core.CircuitBreaker;
import dev.resilience.agent.core.FakeClock;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.LII_Result;

/**
 * Two trials of a HALF_OPEN breaker ({@code halfOpenCalls: 2}) end at once, one succeeding, one
 * failing: whatever the order, the breaker ends OPEN after exactly one HALF_OPEN -> OPEN and never
 * closes (the success alone is not enough; after the failure it is ignored).
 */
@JCStressTest
@Outcome(id = "OPEN, 1, 0", expect = Expect.ACCEPTABLE, desc = "reopened once, never closed")
@Outcome(expect = Expect.FORBIDDEN, desc = "a transition lost, doubled, or a close on half the trials")
@State
public class TrialOutcomesTest {
    final Breakers.Counter counter = new Breakers.Counter();
    final CircuitBreaker breaker;

    public TrialOutcomesTest() {
        breaker = Breakers.dueForTrial(2, new FakeClock(), counter);
        breaker.tryAcquirePermission();
        breaker.tryAcquirePermission();
        counter.opens.set(0);
    }

    @Actor
    public void succeeds() {
        breaker.onSuccess(1);
    }

    @Actor
    public void fails() {
        breaker.onFailure(1, null);
    }

    @Arbiter
    public void end(LII_Result r) {
        r.r1 = breaker.state();
        r.r2 = counter.opens.get();
        r.r3 = counter.closes.get();
    }
}
