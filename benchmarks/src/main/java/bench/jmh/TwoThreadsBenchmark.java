package bench.jmh;

import org.openjdk.jmh.annotations.Threads;

/**
 * {@link SuccessPathBenchmark}'s methods on two threads at once, sharing each rule's breaker and
 * counters (and each comparator's): shows contention on shared state. On a 2-core machine the
 * two threads also compete with JMH's own work and anything else running.
 */
@Threads(2)
public class TwoThreadsBenchmark extends SuccessPathBenchmark {
}
