package bench.parts;

import org.openjdk.jmh.annotations.Threads;

/** {@link HotPathPartsBenchmark} on two threads sharing the counter, the lock and the volatile field. */
@Threads(2)
public class HotPathPartsTwoThreadsBenchmark extends HotPathPartsBenchmark {
}
