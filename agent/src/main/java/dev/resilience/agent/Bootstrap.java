package dev.resilience.agent;

import dev.resilience.agent.core.NanoClock;
import dev.resilience.agent.core.Sleeper;
import dev.resilience.agent.core.TransitionLog;
import dev.resilience.agent.core.TuningProperty;
import dev.resilience.agent.instrument.CallPathWarmup;
import dev.resilience.agent.instrument.Coverage;
import dev.resilience.agent.instrument.InstalledPolicy;
import dev.resilience.agent.instrument.ModuleAccess;
import dev.resilience.agent.instrument.ResilienceTransformer;
import dev.resilience.agent.instrument.Retransformer;
import dev.resilience.agent.log.AgentLog;
import dev.resilience.agent.log.AgentLogger;
import dev.resilience.agent.metrics.AgentMetrics;
import dev.resilience.agent.policy.LoadResult;
import dev.resilience.agent.policy.Policy;
import dev.resilience.agent.policy.PolicyError;
import dev.resilience.agent.policy.PolicyLoader;
import dev.resilience.agent.policy.Rule;
import dev.resilience.agent.policy.PolicyFilePermissions;
import dev.resilience.agent.reload.PolicyWatcher;

import java.lang.instrument.Instrumentation;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Starts the agent: arguments, policy, transformer, retransformation of classes already loaded.
 * An invalid argument or policy stops the JVM before {@code main} (exit status 1) unless
 * {@code failOnInvalidPolicy=false}, in which case the application runs with nothing
 * instrumented. Nothing here may throw into the JVM's agent machinery.
 */
final class Bootstrap {
    private static volatile ResilienceTransformer transformer;
    /** Watches the policy file while the application runs unprotected because it was invalid at start. Guarded by the class. */
    private static PolicyWatcher awaiting;

    private Bootstrap() {
    }

    /** The id of the attach being started, whose outcome {@link #status} also publishes under its own name; guarded by the class. */
    private static String attachId;
    static final String STATUS = "resilience.agent.status";
    /** What {@link #status} published last; read and written under the class's lock, as {@link #start} runs. */
    private static String lastStatus;
    /** How many statuses were published: {@link #start} tells whether it published one. Guarded by the class. */
    private static int statuses;

    /** An attach: as {@link #start}, its outcome published under {@code id} too (null: an attach that gave none). */
    static synchronized void attach(String argumentText, Instrumentation instrumentation, String id) {
        try {
            // tells a later attach command that this agent publishes each attach's own outcome: an agent of
            // an earlier version, which refuses the id, does not set it
            System.setProperty(STATUS + ".perAttach", "true");
        } catch (SecurityException ignored) {
            // only a courtesy to the operator
        }
        attachId = id;
        try {
            start(argumentText, instrumentation, true);
        } finally {
            attachId = null;
        }
    }

    /** Synchronized: a second {@code agentmain} (attaching again) must not overlap the first. */
    static synchronized void start(String argumentText, Instrumentation instrumentation, boolean attached) {
        int published = statuses;
        try {
            AgentArguments arguments = AgentArguments.parse(argumentText);
            AgentLog.setLevel(arguments.log());
            AgentLogger log = AgentLog.logger();
            if (!arguments.errors().isEmpty()) {
                for (String error : arguments.errors()) {
                    System.err.println("[resilience-agent] ERROR invalid agent argument: " + error);
                }
                refuse(arguments, attached, "invalid agent argument");
                return;
            }
            for (String problem : TuningProperty.problems()) {
                log.warn(problem);
            }
            String serving = arguments.warnings().isEmpty() ? null : AgentMetrics.endpointAddress();
            for (String warning : arguments.warnings()) {
                // a re-attach naming only metrics.host: the endpoint started earlier stays (review: "no endpoint" was wrong)
                log.warn(serving == null ? warning : "metrics: the endpoint stays on " + serving + "; metrics.host "
                        + arguments.metricsHost() + " of this attach is not taken (a JVM serves one endpoint; restart it"
                        + " to move it)");
            }
            String policyPath = policyPath(arguments);
            if (policyPath == null) {
                log.warn("no policy given (agent argument, -Dresilience.policy or RESILIENCE_POLICY): nothing is instrumented"
                        + (arguments.metricsPort() > 0 ? ", and no metrics endpoint is started (it serves a policy's meters)" : ""));
                return;
            }
            Optional<String> unsafe = arguments.reload() ? PolicyFilePermissions.check(Path.of(policyPath)) : Optional.empty();
            if (unsafe.isPresent()) {
                System.err.println("[resilience-agent] ERROR " + unsafe.get());
                refuse(arguments, attached, "unsafe policy file " + policyPath);
                return;
            }
            LoadResult result = PolicyLoader.load(Path.of(policyPath), dev.resilience.agent.log.LogText.printable(policyPath));
            if (!result.ok()) {
                for (PolicyError error : result.errors()) {
                    System.err.println(error);
                }
                refuse(arguments, attached, "invalid policy " + policyPath);
                awaitValidPolicy(argumentText, arguments, attached, instrumentation, policyPath);
                return;
            }
            stopAwaiting();
            RunningAgent running = RunningAgent.current();
            if (running != null) {
                running.replace(result.policy(), policyPath, arguments.reload());
                String note = AgentMetrics.serve(arguments.metricsPort(), arguments.metricsHost());
                if (note != null && lastStatus != null && lastStatus.startsWith("ok")) {
                    status(lastStatus + "; " + note); // (reload audit) said in the target's log only
                }
                return;
            }
            install(result.policy(), arguments, attached, instrumentation, log, policyPath);
        } catch (Throwable error) {
            System.err.println("[resilience-agent] ERROR the agent failed to start and instruments nothing: " + error);
            error.printStackTrace();
            if (statuses == published) { // a policy installed or replaced before the failure said so already
                status("rejected: the agent failed to start (see the JVM's log)");
            }
        }
    }

    private static void install(Policy policy, AgentArguments arguments, boolean attached, Instrumentation instrumentation,
                                AgentLogger log, String policyPath) {
        InstalledPolicy installed = new InstalledPolicy(policy, NanoClock.SYSTEM, Sleeper.SYSTEM,
                TransitionLines.INSTANCE, AgentMetrics.transitionSink());
        ResilienceTransformer newTransformer = new ResilienceTransformer(installed);
        transformer = newTransformer;
        ModuleAccess.install(instrumentation);
        AgentMetrics.start(arguments.metricsPort(), arguments.metricsHost(), attached, instrumentation, newTransformer);
        CallPathWarmup.initialiseEarly(); // before any method can be instrumented, on this shallow stack
        instrumentation.addTransformer(newTransformer, true);
        int retransformed = Retransformer.retransformLoaded(instrumentation, installed.matcher());
        int rules = policy.rules().size();
        java.util.Map<String, Integer> counts = Coverage.byRule(newTransformer); // live sites: not those of code the JVM refused
        int methods = 0;
        for (int count : counts.values()) {
            methods += count; // as the rules' counts: a method two class loaders defined is one
        }
        String line = "policy " + policy.source() + ": " + rules + (rules == 1 ? " rule (" : " rules (")
                + ruleNames(policy) + ")"
                + (retransformed > 0 ? "; " + retransformed + (retransformed == 1 ? " loaded class" : " loaded classes")
                        + " retransformed" : "")
                + "; " + methods + (methods == 1 ? " method" : " methods") + " instrumented so far ("
                + Coverage.describe(counts) + ")"
                // (newcomer audit) "0 methods" at start-up read as a rule that matched nothing
                + (attached ? "" : "; the rest as their classes load");
        log.info(line);
        status("ok: " + line);
        RunningAgent.started(instrumentation, newTransformer, policyPath, arguments.reload());
    }

    /** {@code a, b, c}. A loop, not a stream: premain should not pay for stream and lambda classes (issue 8). */
    private static String ruleNames(Policy policy) {
        StringBuilder names = new StringBuilder();
        List<Rule> rules = policy.rules();
        for (int i = 0; i < Math.min(rules.size(), Coverage.LISTED_RULES); i++) {
            if (i > 0) {
                names.append(", ");
            }
            names.append(rules.get(i).name());
        }
        if (rules.size() > Coverage.LISTED_RULES) {
            names.append(" and ").append(rules.size() - Coverage.LISTED_RULES).append(" more");
        }
        return names.toString();
    }

    /**
     * Logs breaker transitions at info, and a circuit opening on failures at warn. A named class, not
     * a lambda: created in premain (issue 8).
     */
    private static final class TransitionLines implements TransitionLog {
        static final TransitionLines INSTANCE = new TransitionLines();

        @Override
        public void accept(String line) {
            AgentLog.logger().info(line);
        }

        @Override
        public void opened(String line) {
            AgentLog.logger().warn(line);
        }
    }

    /**
     * Publishes the outcome of the last start or attach as the system property
     * {@code resilience.agent.status} ({@code ok: ...} or {@code rejected: ...}), which {@code jcmd
     * PID VM.system_properties} shows, and an attach's also as {@code resilience.agent.status.ID},
     * which {@code attach} reads back through the attach API to tell the operator.
     */
    static void status(String text) {
        lastStatus = text;
        statuses++;
        try {
            String id = attachId;
            if (id != null) {
                System.setProperty(STATUS + "." + id, text);
            }
            System.setProperty(STATUS, text);
        } catch (SecurityException ignored) {
            // only a courtesy to the operator
        }
    }

    private static String policyPath(AgentArguments arguments) {
        if (arguments.policy() != null && !arguments.policy().isBlank()) {
            return arguments.policy();
        }
        String property = System.getProperty("resilience.policy");
        if (property != null && !property.isBlank()) {
            return property;
        }
        String environment = System.getenv("RESILIENCE_POLICY");
        return environment == null || environment.isBlank() ? null : environment;
    }

    /**
     * With {@code failOnInvalidPolicy=false} and reload on, an application started with an invalid
     * policy file runs unprotected until the file is fixed, then gets the policy as an attach would
     * give it (loaded classes retransformed): what an operator who fixes the file expects. An unsafe
     * (world-writable) file is not watched, for the reason it is refused.
     */
    private static void awaitValidPolicy(String argumentText, AgentArguments arguments, boolean attached,
                                         Instrumentation instrumentation, String policyPath) {
        if (attached || arguments.failOnInvalidPolicy() || !arguments.reload() || awaiting != null) {
            return;
        }
        awaiting = new PolicyWatcher(Path.of(policyPath), RunningAgent.RELOAD_INTERVAL_MILLIS, new Runnable() {
            @Override
            public void run() {
                start(argumentText, instrumentation, true);
            }
        }).start();
        if (arguments.log().ordinal() >= AgentLog.Level.INFO.ordinal()) {
            System.err.println("[resilience-agent] INFO watching " + policyPath + ": once it is valid, its policy is applied");
        }
    }

    private static void stopAwaiting() {
        if (awaiting != null) {
            awaiting.stop();
            awaiting = null;
        }
    }

    private static void refuse(AgentArguments arguments, boolean attached, String what) {
        status("rejected: " + what + " (see the JVM's log)");
        if (RunningAgent.current() != null && attached) {
            System.err.println("[resilience-agent] ERROR " + what + ": the policy in force stays");
            return;
        }
        // At start, also when an earlier -javaagent of this jar put a policy in force: an invalid policy on
        // the command line stops the JVM before main, as the contract says (audit: the second one did not)
        if (arguments.failOnInvalidPolicy() && !attached) {
            System.err.println("[resilience-agent] ERROR " + what + ": stopping the JVM before main"
                    + " (failOnInvalidPolicy=false runs the application unprotected instead)");
            System.exit(1);
        }
        if (RunningAgent.current() != null) {
            System.err.println("[resilience-agent] ERROR " + what + ": the policy in force stays");
            return;
        }
        System.err.println("[resilience-agent] ERROR " + what + ": the application runs with nothing instrumented");
    }

    /** The running transformer, or null before start or when nothing is installed. */
    static ResilienceTransformer transformer() {
        return transformer;
    }
}
