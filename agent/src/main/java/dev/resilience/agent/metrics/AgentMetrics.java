package dev.resilience.agent.metrics;

import dev.resilience.agent.core.BreakerTransitions;
import dev.resilience.agent.instrument.ResilienceTransformer;
import dev.resilience.agent.instrument.Sites;
import dev.resilience.agent.log.AgentLog;

import java.lang.instrument.Instrumentation;

/**
 * The metrics side of the agent, started by {@code Bootstrap}: meters over the counters the calls
 * already keep, a Prometheus endpoint when {@code metrics.port} is set, the application's own
 * Micrometer when it has one, one JMX MBean per rule, and a summary line per rule at shutdown.
 *
 * <p>Start-up cost is kept off the application's start: here only a watcher transformer and a
 * shutdown hook are installed; the endpoint starts on the metrics thread, its registry is made at
 * the first scrape, and JMX waits until the JVM uses JMX. Nothing here ever fails the agent: an
 * error is logged and calls stay protected. Thread-safe.
 */
public final class AgentMetrics {
    private static final TransitionCounter TRANSITIONS = new TransitionCounter();
    private static volatile Publisher publisher;

    private AgentMetrics() {
    }

    /**
     * The sink every {@code InstalledPolicy} should get, so breaker transitions are counted by
     * (from, to) for the transitions meter, the MBeans and the summary; also on reload.
     */
    public static BreakerTransitions.TransitionSink transitionSink() {
        return TRANSITIONS;
    }

    /**
     * Starts metrics for {@code transformer}'s policy; call before the transformer is added, so
     * no instrumented class is missed. A second call (e.g. a later attach) only follows the new
     * transformer.
     *
     * @param port 0 for no endpoint
     */
    public static synchronized void start(int port, String host, Instrumentation instrumentation,
                                          ResilienceTransformer transformer) {
        try {
            Publisher running = publisher;
            if (running != null) {
                running.follow(transformer::installed);
                transformer.addListener(sites -> running.sitesAdded());
                return;
            }
            Publisher fresh = new Publisher(Sites::all, transformer::installed, TRANSITIONS);
            transformer.addListener(sites -> fresh.sitesAdded());
            ClassLoadWatcher watcher = new ClassLoadWatcher(fresh::micrometerLoaded, fresh::managementLoaded);
            instrumentation.addTransformer(watcher, false);
            watcher.alreadyLoaded(instrumentation.getAllLoadedClasses());
            Thread summary = new Thread(null, fresh::printSummary, "resilience-agent-summary", 0, false);
            Runtime.getRuntime().addShutdownHook(summary);
            if (port > 0) {
                fresh.startEndpoint(host, port);
            }
            publisher = fresh;
        } catch (Throwable error) {
            AgentLog.logger().error("metrics failed to start; calls are protected as usual, without metrics", error);
        }
    }

    /**
     * Publishes what changed without a class being instrumented, e.g. after a reload: MBeans of new
     * rules, breakers rebuilt. Returns at once; the work runs on the metrics thread.
     */
    public static void refresh() {
        Publisher running = publisher;
        if (running != null) {
            running.sitesAdded();
        }
    }

    /** The running publisher, or null before start: for tests. */
    static Publisher publisher() {
        return publisher;
    }
}
