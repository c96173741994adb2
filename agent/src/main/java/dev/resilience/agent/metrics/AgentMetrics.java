package dev.resilience.agent.metrics;

import dev.resilience.agent.core.BreakerTransitions;
import dev.resilience.agent.instrument.InstalledPolicy;
import dev.resilience.agent.instrument.ResilienceTransformer;
import dev.resilience.agent.instrument.Site;
import dev.resilience.agent.instrument.Sites;
import dev.resilience.agent.log.AgentLog;

import java.lang.instrument.Instrumentation;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The metrics side of the agent, started by {@code Bootstrap}: meters over the counters the calls
 * already keep, a Prometheus endpoint when {@code metrics.port} is set, the application's own
 * Micrometer when it has one, one JMX MBean per rule, and a summary line per rule at shutdown.
 *
 * <p>Start-up cost is kept off the application's start: here only a listener and a watcher
 * transformer are installed; the shutdown hook comes with the first instrumented method, the
 * endpoint starts on the metrics thread, its registry is made at the first scrape, and JMX waits
 * until the JVM uses JMX. Nothing here ever fails the agent: an
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
     * @param port     0 for no endpoint
     * @param attached true when started in a running JVM ({@code agentmain}): the classes the
     *                 watcher looks for may have loaded already. In {@code premain} they cannot have
     *                 (even {@code -Dcom.sun.management.jmxremote} creates its MBean server later).
     */
    public static synchronized void start(int port, String host, boolean attached, Instrumentation instrumentation,
                                          ResilienceTransformer transformer) {
        try {
            Publisher running = publisher;
            if (running != null) {
                running.follow(new PolicyInForce(transformer));
                transformer.addListener(new SitesAdded(running));
                serveToo(running, host, port);
                return;
            }
            Publisher fresh = new Publisher(new AllSites(), new PolicyInForce(transformer), TRANSITIONS);
            fresh.hookSummary();
            transformer.addListener(new SitesAdded(fresh));
            ClassLoadWatcher watcher = new ClassLoadWatcher(fresh);
            // Registered as retransformation-capable, like the agent's own transformer, although it
            // changes nothing: the JVM then calls both through one hook per class load. A watcher on its
            // own (non-retransformable) list costs a second hook, a second copy of every class file and a
            // second call into Java per class: with two no-op transformers, +8% CPU (median of 8) on
            // loading the scale benchmark's 20,000 classes, against nothing for one retransformable one.
            // On retransformation it is called too, and ignores the call (classBeingRedefined is set).
            instrumentation.addTransformer(watcher, instrumentation.isRetransformClassesSupported());
            if (attached) {
                fresh.background("looking for Micrometer and JMX", () -> watcher.alreadyLoaded(instrumentation.getAllLoadedClasses()));
            }
            if (port > 0) {
                fresh.startEndpoint(host, port);
            }
            publisher = fresh;
        } catch (Throwable error) {
            AgentLog.logger().error("metrics failed to start; calls are protected as usual, without metrics", error);
        }
    }

    /**
     * A later attach asking for the endpoint: started when none runs yet; otherwise the one running
     * stays, and the operator hears that this attach's address was not taken.
     *
     * @return what the operator should hear from the {@code attach} command too, or null
     */
    public static synchronized String serve(int port, String host) {
        Publisher running = publisher;
        return running == null ? null : serveToo(running, host, port);
    }

    /** {@code host:port} of the endpoint this JVM serves, or null when none runs (yet). */
    public static synchronized String endpointAddress() {
        Publisher running = publisher;
        return running == null ? null : running.endpointAddress();
    }

    private static String serveToo(Publisher running, String host, int port) {
        if (port <= 0) {
            return null;
        }
        String asked = host + ":" + port;
        String serving = running.endpointAddress();
        if (serving == null) {
            running.startEndpoint(host, port);
            return null;
        }
        if (serving.equals(asked)) {
            return null;
        }
        String note = "metrics: the endpoint stays on " + serving + "; metrics.host/metrics.port " + asked
                + " of this attach are not taken (a JVM serves one endpoint; restart it to move it)";
        AgentLog.logger().warn(note);
        return note;
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

    /**
     * Files every instrumented method under the rule it is bound to now. Called before a policy
     * switch unbinds the methods of removed rules, which metrics could no longer attribute: their
     * figures stay in JMX and the shutdown summary whether or not anything read them before.
     */
    public static void fileSites() {
        Publisher running = publisher;
        if (running != null) {
            running.inventory().refresh();
        }
    }

    /** The running publisher, or null before start: for tests. */
    static Publisher publisher() {
        return publisher;
    }

    // Small named classes rather than lambdas on the premain path: each new lambda shape costs a
    // class spun at run time, which is measurably dearer there than loading a class from the jar.

    private static final class AllSites implements Supplier<List<Site>> {
        @Override
        public List<Site> get() {
            return Sites.all();
        }
    }

    private static final class PolicyInForce implements Supplier<InstalledPolicy> {
        private final ResilienceTransformer transformer;

        PolicyInForce(ResilienceTransformer transformer) {
            this.transformer = transformer;
        }

        @Override
        public InstalledPolicy get() {
            return transformer.installed();
        }
    }

    private static final class SitesAdded implements Consumer<List<Site>> {
        private final Publisher publisher;

        SitesAdded(Publisher publisher) {
            this.publisher = publisher;
        }

        @Override
        public void accept(List<Site> sites) {
            publisher.sitesAdded();
        }
    }
}
