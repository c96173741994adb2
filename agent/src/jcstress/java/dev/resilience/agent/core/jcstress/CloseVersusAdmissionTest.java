package dev.resilience.agent.core.jcstress;

import dev.resilience.agent.core.CircuitBreaker;
import dev.resilience.agent.core.FakeClock;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.ZLI_Result;

/**
 * The only trial of a HALF_OPEN breaker ({@code halfOpenCalls: 1}) succeeds while another caller asks
 * to call: the newcomer is refused (still HALF_OPEN, slot taken) or let through (already CLOSED); the
 * breaker closes exactly once either way.
 */
@JCStressTest
@Outcome(id = {"false, CLOSED, 1", "true, CLOSED, 1"}, expect = Expect.ACCEPTABLE, desc = "refused before, or admitted after the close")
@Outcome(expect = Expect.FORBIDDEN, desc = "not closed, or closed twice")
@State
public class CloseVersusAdmissionTest {
    final Breakers.Counter counter = new Breakers.Counter();
    final CircuitBreaker breaker = Breakers.dueForTrial(1, new FakeClock(), counter);

    public CloseVersusAdmissionTest() {
        breaker.tryAcquirePermission();
    }

    @Actor
    public void trialSucceeds() {
        breaker.onSuccess(1);
    }

    @Actor
    public void newcomer(ZLI_Result r) {
        r.r1 = breaker.tryAcquirePermission();
    }

    @Arbiter
    public void end(ZLI_Result r) {
        r.r2 = breaker.state();
        r.r3 = counter.closes.get();
    }
}
