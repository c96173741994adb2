package dev.resilience.agent.metrics;

import dev.resilience.agent.core.AgentThreads;
import dev.resilience.agent.instrument.InstalledPolicy;
import dev.resilience.agent.instrument.Site;
import dev.resilience.agent.log.AgentLog;
import dev.resilience.agent.policy.BreakerSettings;
import dev.resilience.agent.policy.Rule;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Keeps the agent's meters published wherever they are wanted: the Prometheus endpoint's registry
 * (made at the first scrape), the application's Micrometer (once it loads), JMX (once the JVM uses
 * it). New methods appear as classes load; each registry binds the meters it has not seen yet.
 * Everything slow runs on one daemon thread, "resilience-agent-metrics", that exists only while
 * there is work, never on the application's threads and never on a call's path. Thread-safe.
 */
final class Publisher implements ClassLoadWatcher.Interest {
    private final Inventory inventory;
    private volatile Supplier<InstalledPolicy> installed;
    /** Made once JMX is wanted: its classes stay unloaded until then. */
    private volatile JmxRules jmx;
    private final List<Bound> sinks = new ArrayList<>();
    private final Set<ClassLoader> bridgedLoaders = Collections.newSetFromMap(new WeakHashMap<>()); // never pins an application
    private final AtomicBoolean publishQueued = new AtomicBoolean();
    private final AtomicBoolean jmxWanted = new AtomicBoolean();
    /** True once a registry needs new meters pushed to it (the application's); scrapes pull their own. */
    private volatile boolean pushing;
    /** Guards {@link #worker} only: class-loading threads take it, so it is never held for long. */
    private final Object workerLock = new Object();
    private ThreadPoolExecutor worker;
    private final AtomicBoolean summaryHooked = new AtomicBoolean();
    private OwnRegistrySink prometheus;
    private volatile PrometheusEndpoint endpoint;
    private volatile String endpointAddress;

    /** A registry and how many of the inventory's meters it has bound so far. */
    private static final class Bound {
        final MeterSink sink;
        int bound;
        boolean complained;

        Bound(MeterSink sink) {
            this.sink = sink;
        }
    }

    Publisher(Supplier<List<Site>> sites, Supplier<InstalledPolicy> installed, TransitionCounter transitions) {
        this.inventory = new Inventory(sites, transitions);
        this.installed = installed;
    }

    /** The metrics thread's executor, made on first use: an agent with nothing to publish starts no thread. */
    private ThreadPoolExecutor worker() {
        synchronized (workerLock) {
            return worker != null ? worker : newWorker();
        }
    }

    private ThreadPoolExecutor newWorker() {
        ClassLoader agentLoader = Publisher.class.getClassLoader();
        worker = new ThreadPoolExecutor(1, 1, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), task -> {
            // nothing of whichever application thread asked: thread-locals, loader, group, priority, domains
            Thread thread = AgentThreads.daemon(task, "resilience-agent-metrics");
            thread.setContextClassLoader(agentLoader);
            return thread;
        });
        worker.allowCoreThreadTimeOut(true);
        return worker;
    }

    Inventory inventory() {
        return inventory;
    }

    void follow(Supplier<InstalledPolicy> policy) {
        this.installed = policy;
    }

    /** Runs {@code task} on the metrics thread; a failure is logged, never thrown. */
    void background(String what, Runnable task) {
        worker().execute(() -> {
            try {
                task.run();
            } catch (Throwable error) {
                AgentLog.logger().error("metrics: " + what + " failed", error);
            }
        });
    }

    // ------------------------------------------------------------------ triggers (any thread, quick)

    /** New sites were instrumented: bind their meters where meters are pushed (not needed for scrapes). */
    void sitesAdded() {
        // called on the thread loading a class: no lock here that a slow publish could hold
        JmxRules rules = jmx;
        if ((pushing || rules != null) && publishQueued.compareAndSet(false, true)) {
            background("publishing new meters", () -> {
                publishQueued.set(false);
                publish();
                if (rules != null) {
                    rules.register();
                }
            });
        }
    }

    @Override
    public void micrometerLoaded(ClassLoader loader) {
        synchronized (bridgedLoaders) {
            if (!bridgedLoaders.add(loader)) {
                return;
            }
        }
        background("bridging into the application's Micrometer", () -> bridge(loader));
    }

    /** The JVM is creating an MBean server: JMX is in use, register the rules' MBeans. */
    @Override
    public void mbeanServerCreated() {
        if (jmxWanted.compareAndSet(false, true)) {
            background("registering JMX MBeans", () -> {
                JmxRules rules = new JmxRules(inventory, () -> installed.get());
                rules.register();
                jmx = rules;
            });
        }
    }

    // ------------------------------------------------------------------ work (metrics thread, or a scrape)

    void startEndpoint(String host, int port) {
        endpointAddress = host + ":" + port;
        background("starting the metrics endpoint", () -> endpoint = PrometheusEndpoint.start(host, port, this::scrape));
    }

    /** Where the endpoint was asked to listen ({@code host:port}), or null when none was. */
    String endpointAddress() {
        return endpointAddress;
    }

    /** The Prometheus exposition of every meter, current as of this call. */
    String scrape(String contentType) {
        OwnRegistrySink registry;
        synchronized (this) {
            if (prometheus == null) {
                prometheus = OwnRegistrySink.prometheus();
                sinks.add(new Bound(prometheus));
            }
            registry = prometheus;
        }
        publish();
        return registry.scrape(contentType);
    }

    /** Connects to the application's Micrometer in {@code loader} and binds every meter there; on the metrics thread. */
    void bridge(ClassLoader loader) {
        AppMicrometerSink sink;
        try {
            // outside the lock: may wait for the class's initialization
            sink = AppMicrometerSink.connect(loader, this::mixesBreakerScopes);
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            AgentLog.logger().warn("metrics: cannot publish into the application's Micrometer (" + loader + "): " + e
                    + "; its registries will not show the agent's meters (the endpoint and JMX are unaffected)");
            return;
        }
        synchronized (this) {
            sinks.add(new Bound(sink));
        }
        pushing = true;
        publish();
        AgentLog.logger().info("metrics: publishing to " + sink.describe());
    }

    /**
     * True when the policy in force has breakers of both scopes, so breaker meters of one name come
     * with and without a {@code method} tag: what a Prometheus registry of the application refuses.
     */
    private boolean mixesBreakerScopes() {
        InstalledPolicy policy = installed.get();
        if (policy == null) {
            return false;
        }
        boolean rule = false;
        boolean method = false;
        for (Rule r : policy.policy().rules()) {
            if (r.circuitBreaker() != null) {
                rule |= r.circuitBreaker().scope() == BreakerSettings.Scope.RULE;
                method |= r.circuitBreaker().scope() == BreakerSettings.Scope.METHOD;
            }
        }
        return rule && method;
    }

    /** Files new sites and binds every registry to the meters it lacks. */
    synchronized void publish() {
        inventory.refresh();
        int total = inventory.meterCount();
        for (Bound target : new ArrayList<>(sinks)) {
            if (target.bound >= total) {
                continue;
            }
            List<MeterDef> fresh = inventory.meters(target.bound);
            for (MeterDef meter : fresh) {
                try {
                    if (!target.sink.bind(meter)) {
                        sinks.remove(target);
                        break;
                    }
                } catch (Throwable error) {
                    if (!target.complained) {
                        target.complained = true;
                        AgentLog.logger().warn("metrics: could not add " + meter + " to " + target.sink.describe()
                                + ": " + (error.getCause() != null ? error.getCause() : error) + " (reported once)");
                    }
                }
            }
            target.bound += fresh.size();
        }
    }

    /**
     * One line per rule of the policy in force, in its order, calls or not (issue 4: "one summary
     * line per rule"; zeros say that a rule saw nothing, which is worth knowing too); then one per
     * rule a reload removed that had calls, so their figures are not lost.
     */
    List<String> summary() {
        Map<String, Rule> inForce = new LinkedHashMap<>();
        InstalledPolicy policy = installed.get();
        if (policy != null) {
            for (Rule rule : policy.policy().rules()) {
                inForce.put(rule.name(), rule);
            }
        }
        inventory.refresh();
        Set<String> rules = new LinkedHashSet<>(inForce.keySet());
        rules.addAll(inventory.rules());
        List<String> lines = new ArrayList<>();
        for (String rule : rules) {
            RuleFigures figures = inventory.figures(rule);
            Rule current = inForce.get(rule);
            if (current != null) {
                lines.add("summary rule " + rule + ": " + figures.fields() + endState(current));
            } else if (figures.anyCalls()) {
                lines.add("summary rule " + rule + ": " + figures.fields());
            }
        }
        return lines;
    }

    /**
     * How a rule in force leaves the run: its breaker's state, as JMX reads it (the most severe of
     * a {@code scope: method} rule's breakers), and whether it only observed. A run that ends with
     * a circuit open, or with a rule still observing, is worth one glance at the last lines.
     */
    private String endState(Rule rule) {
        String end = "";
        if (rule.circuitBreaker() != null) {
            end += " breaker=" + new RuleControl(rule.name(), inventory, installed).getBreakerState();
        }
        if (rule.mode() == Rule.Mode.OBSERVE) {
            end += " mode=observe";
        }
        return end;
    }

    /** Prints the summary at shutdown. Hooked when metrics start: a run whose rules saw no call still gets one. */
    void hookSummary() {
        if (summaryHooked.compareAndSet(false, true)) {
            try {
                Runtime.getRuntime().addShutdownHook(new Thread(null, new PrintSummary(this), "resilience-agent-summary", 0, false));
            } catch (IllegalStateException shuttingDown) {
                // the JVM is already shutting down (an attach during shutdown): no summary then
            }
        }
    }

    /** The shutdown hook's body. A named class, not a lambda: hooked in premain (issue 8). */
    private static final class PrintSummary implements Runnable {
        private final Publisher publisher;

        PrintSummary(Publisher publisher) {
            this.publisher = publisher;
        }

        @Override
        public void run() {
            publisher.printSummary();
        }
    }

    void printSummary() {
        try {
            for (String line : summary()) {
                AgentLog.logger().info(line);
            }
        } catch (Throwable error) {
            System.err.println("[resilience-agent] ERROR shutdown summary failed: " + error);
        }
    }

    PrometheusEndpoint endpoint() {
        return endpoint;
    }
}
