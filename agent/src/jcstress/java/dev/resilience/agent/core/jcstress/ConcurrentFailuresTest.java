package dev.resilience.agent.core.jcstress;

import dev.resilience.agent.core.CircuitBreaker;
import dev.resilience.agent.core.FakeClock;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.LI_Result;

/**
 * A CLOSED breaker with one failure of its threshold of 3 recorded receives two more at once: it
 * opens, exactly once, whichever failure crosses the threshold.
 */
@JCStressTest
@Outcome(id = "OPEN, 1", expect = Expect.ACCEPTABLE, desc = "opened once")
@Outcome(expect = Expect.FORBIDDEN, desc = "not opened, or the opening reported twice")
@State
public class ConcurrentFailuresTest {
    final Breakers.Counter counter = new Breakers.Counter();
    final CircuitBreaker breaker = Breakers.closed(3, 1, new FakeClock(), counter);

    public ConcurrentFailuresTest() {
        breaker.onFailure(1, null);
    }

    @Actor
    public void first() {
        breaker.onFailure(1, null);
    }

    @Actor
    public void second() {
        breaker.onFailure(1, null);
    }

    @Arbiter
    public void end(LI_Result r) {
        r.r1 = breaker.state();
        r.r2 = counter.opens.get();
    }
}
