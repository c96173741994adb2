package dev.resilience.agent.core.jcstress;

import dev.resilience.agent.core.CircuitBreaker;
import dev.resilience.agent.core.FakeClock;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.ZZI_Result;

/**
 * Two callers ask an OPEN breaker whose openDuration has passed, with {@code halfOpenCalls: 1}:
 * exactly one becomes the trial, and the move to HALF_OPEN is made (and reported) once.
 */
@JCStressTest
@Outcome(id = {"true, false, 1", "false, true, 1"}, expect = Expect.ACCEPTABLE, desc = "one trial, one transition")
@Outcome(id = "true, true, .*", expect = Expect.FORBIDDEN, desc = "two trials for one slot")
@Outcome(id = "false, false, .*", expect = Expect.FORBIDDEN, desc = "nobody got the trial")
@Outcome(expect = Expect.FORBIDDEN, desc = "the move to HALF_OPEN lost or doubled")
@State
public class HalfOpenAdmissionTest {
    final Breakers.Counter counter = new Breakers.Counter();
    final CircuitBreaker breaker = Breakers.dueForTrial(1, new FakeClock(), counter);

    @Actor
    public void first(ZZI_Result r) {
        r.r1 = breaker.tryAcquirePermission();
    }

    @Actor
    public void second(ZZI_Result r) {
        r.r2 = breaker.tryAcquirePermission();
    }

    @Arbiter
    public void transitions(ZZI_Result r) {
        r.r3 = counter.halfOpens.get();
    }
}
