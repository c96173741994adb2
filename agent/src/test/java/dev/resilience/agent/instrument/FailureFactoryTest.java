package dev.resilience.agent.instrument;

import dev.resilience.agent.api.AgentFailure;
import dev.resilience.agent.api.AgentFailure.Reason;
import dev.resilience.agent.api.AsyncCallTimeoutException;
import dev.resilience.agent.api.CallInterruptedException;
import dev.resilience.agent.api.CallInterruptedIOException;
import dev.resilience.agent.api.CallRejectedException;
import dev.resilience.agent.api.CallTimeoutIOException;
import dev.resilience.agent.api.CallWaitInterruptedException;
import dev.resilience.agent.api.CircuitOpenIOException;
import dev.resilience.agent.core.BreakerTransitions;
import dev.resilience.agent.core.CircuitBreaker;
import dev.resilience.agent.core.NanoClock;
import dev.resilience.agent.core.RuleRuntime;
import dev.resilience.agent.core.Sleeper;
import dev.resilience.agent.policy.LoadResult;
import dev.resilience.agent.policy.PolicyLoader;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class FailureFactoryTest {

    static RuleRuntime runtime(String body) {
        LoadResult result = PolicyLoader.parse("version: 1\nrules:\n  - name: svc\n    match: { class: a.B }\n" + body, "t.yaml");
        assertThat(result.errors()).isEmpty();
        return new RuleRuntime(result.policy().rules().get(0), 0, NanoClock.SYSTEM, Sleeper.SYSTEM, line -> { },
                BreakerTransitions.NONE);
    }

    private final RuleRuntime runtime = runtime("    timeout: 2s\n    bulkhead: { maxConcurrent: 3 }\n");
    private final FailureFactory io = new FailureFactory("svc", "B#get(String)", true, false, null, getClass().getClassLoader());
    private final FailureFactory unchecked = new FailureFactory("svc", "B#run()", false, false, null, getClass().getClassLoader());

    @Test
    void messagesNameTheRuleTheMethodAndTheReason() {
        assertThat(io.create(Reason.CIRCUIT_OPEN, runtime)).isInstanceOf(CircuitOpenIOException.class)
                .hasMessage("resilience-agent rule 'svc': B#get(String) not called: circuit breaker is OPEN");
        assertThat(io.create(Reason.TIMEOUT, runtime)).isInstanceOf(CallTimeoutIOException.class)
                .hasMessage("resilience-agent rule 'svc': B#get(String) timed out after 2s");
        assertThat(unchecked.create(Reason.BULKHEAD_FULL, runtime)).isInstanceOf(CallRejectedException.class)
                .hasMessage("resilience-agent rule 'svc': B#run() rejected: bulkhead full (maxConcurrent 3)");
        assertThat(unchecked.asyncTimeout(runtime, -1)).isInstanceOf(AsyncCallTimeoutException.class)
                .hasMessage("resilience-agent rule 'svc': B#run() timed out after 2s");
        AgentFailure failure = (AgentFailure) io.create(Reason.WORKERS_BUSY, runtime);
        assertThat(failure.rule()).isEqualTo("svc");
        assertThat(failure.method()).isEqualTo("B#get(String)");
        assertThat(failure.reason()).isEqualTo(Reason.WORKERS_BUSY);
    }

    /** Newcomer audit: callers read "circuit breaker is OPEN" while JMX and the metrics said FORCED_OPEN. */
    @Test
    void aRefusalOfABreakerAnOperatorForcedOpenSaysSo() {
        RuleRuntime rule = runtime("    circuitBreaker: { failureThreshold: 1, openDuration: 1m }\n");
        CircuitBreaker breaker = rule.breakerFor("a.B#get()").breaker();
        breaker.forceOpen();

        assertThat(io.rejected(Reason.CIRCUIT_OPEN, rule, breaker)).isInstanceOf(CircuitOpenIOException.class)
                .hasMessage("resilience-agent rule 'svc': B#get(String) not called: circuit breaker is forced OPEN by an"
                        + " operator (JMX; reset releases it)");
    }

    /** A breaker refuses while OPEN, and while HALF_OPEN with every trial running: the message names the state that refused. */
    @Test
    void aRefusalWhileHalfOpenSaysSoAndNamesTheTrialCalls() throws Exception {
        RuleRuntime rule = runtime("    circuitBreaker: { failureThreshold: 1, openDuration: 1ms, halfOpenCalls: 2 }\n");
        CircuitBreaker breaker = rule.breakerFor("a.B#get()").breaker();

        assertThat(io.rejected(Reason.CIRCUIT_OPEN, rule, breaker))
                .hasMessage("resilience-agent rule 'svc': B#get(String) not called: circuit breaker is OPEN"); // any other state
        breaker.onFailure(breaker.acquirePermit(), 0, new java.io.IOException("down"));
        Thread.sleep(5);
        breaker.acquirePermit();   // the first trial: HALF_OPEN
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);

        assertThat(io.rejected(Reason.CIRCUIT_OPEN, rule, breaker)).isInstanceOf(CircuitOpenIOException.class)
                .hasMessage("resilience-agent rule 'svc': B#get(String) not called: circuit breaker is HALF_OPEN and its 2"
                        + " trial calls are already running");
        assertThat(io.rejected(Reason.BULKHEAD_FULL, runtime, null))
                .hasMessage("resilience-agent rule 'svc': B#get(String) rejected: bulkhead full (maxConcurrent 3)");
    }

    /**
     * A caller interrupted while waiting (for a bulkhead place or a worker) gets an
     * InterruptedException only from a method that declares one: its callers have a handler for it.
     * Otherwise the flavour follows the declared IOException, as for any failure the agent makes.
     */
    @Test
    void anInterruptedWaitGivesAnInterruptedExceptionWhereTheMethodDeclaresOne() {
        FailureFactory declares = new FailureFactory("svc", "B#take()", false, true, null, getClass().getClassLoader());

        assertThat(declares.rejected(Reason.INTERRUPTED, runtime, null)).isInstanceOf(CallWaitInterruptedException.class)
                .hasMessageStartingWith("resilience-agent rule 'svc': B#take() ");
        assertThat(declares.interrupted(runtime)).isInstanceOf(CallWaitInterruptedException.class);
        assertThat(io.rejected(Reason.INTERRUPTED, runtime, null)).isInstanceOf(CallInterruptedIOException.class);
        assertThat(unchecked.rejected(Reason.INTERRUPTED, runtime, null)).isInstanceOf(CallInterruptedException.class);
    }

    /**
     * A class the policy validated against may still be missing from the loader of the classes the
     * rule wraps: that is said once as a deployment problem (no "internal error", no stack trace,
     * nothing counted as the agent's bug), and the caller gets the agent's own type.
     */
    @Test
    void anOnFailureExceptionTheMethodsLoaderCannotSeeIsLoggedOnceAsADeploymentProblem() {
        RuleRuntime rule = runtime("    timeout: 2s\n");
        long agentErrors = AgentErrors.unattributed();
        FailureFactory first = new FailureFactory("absent-class", "B#get(String)", true, false, "com.example.NoSuchError",
                getClass().getClassLoader());
        FailureFactory second = new FailureFactory("absent-class", "B#put(String)", true, false, "com.example.NoSuchError",
                getClass().getClassLoader());
        PrintStream saved = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        Throwable fromFirst;
        Throwable fromSecond;
        try {
            fromFirst = first.create(Reason.TIMEOUT, rule);
            fromSecond = second.create(Reason.CIRCUIT_OPEN, rule);
        } finally {
            System.setErr(saved);
        }
        assertThat(fromFirst).isInstanceOf(CallTimeoutIOException.class);
        assertThat(fromSecond).isInstanceOf(CircuitOpenIOException.class);
        assertThat(captured.toString(StandardCharsets.UTF_8).lines()).containsExactly("[resilience-agent] ERROR rule"
                + " 'absent-class': onFailure.exception com.example.NoSuchError cannot be used for B#get(String) (its class"
                + " loader does not see that class); the caller gets the agent's own exception types instead. Put the class"
                + " where the application's classes can load it, with a public (String) or (String, Throwable) constructor"
                + " (logged once per rule)");
        assertThat(AgentErrors.unattributed()).isEqualTo(agentErrors);
    }

    /** An onFailure class whose initialiser fails: the application's own code throws ExceptionInInitializerError. */
    public static final class FailsToInitialise extends RuntimeException {
        static {
            if (Boolean.parseBoolean("true")) {
                throw new IllegalStateException("no configuration");
            }
        }

        public FailsToInitialise(String message) {
            super(message);
        }
    }

    /** An onFailure class whose constructor throws. */
    public static final class ConstructorThrows extends RuntimeException {
        public ConstructorThrows(String message) {
            super(message);
            throw new IllegalArgumentException("refused: " + message.length());
        }
    }

    /** Set by {@link Watched}'s initialiser; kept outside it, since reading a field of Watched would initialise it. */
    static volatile boolean watchedInitialised;

    /** An onFailure class that records being initialised. */
    public static final class Watched extends RuntimeException {
        static {
            watchedInitialised = true;
        }

        public Watched(String message) {
            super(message);
        }
    }

    private static String stderrOf(Runnable action) {
        PrintStream saved = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(saved);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    /**
     * The class is seen but cannot be made (its initialiser or its constructor throws): every call
     * still ends with an exception, the agent's own type, and the reason is said once per rule.
     * (An Error escaping here once made a timed-out call return null.)
     */
    @Test
    void anOnFailureExceptionThatCannotBeMadeGivesTheAgentsOwnTypeAndIsLoggedOnceWithTheReason() {
        RuleRuntime rule = runtime("    timeout: 2s\n");
        FailureFactory initialiser = new FailureFactory("init-fails", "B#get(String)", true, false, FailsToInitialise.class.getName(),
                getClass().getClassLoader());
        FailureFactory constructor = new FailureFactory("ctor-throws", "B#run()", false, false, ConstructorThrows.class.getName(),
                getClass().getClassLoader());
        Throwable[] made = new Throwable[4];

        String log = stderrOf(() -> {
            made[0] = initialiser.create(Reason.TIMEOUT, rule);
            made[1] = initialiser.timeout(rule, -1);
            made[2] = constructor.create(Reason.CIRCUIT_OPEN, rule);
            made[3] = constructor.create(Reason.TIMEOUT, rule);
        });

        assertThat(made[0]).isInstanceOf(CallTimeoutIOException.class);
        assertThat(made[1]).isInstanceOf(CallTimeoutIOException.class);
        assertThat(made[2]).isInstanceOf(dev.resilience.agent.api.CircuitOpenException.class);
        assertThat(made[3]).isInstanceOf(dev.resilience.agent.api.CallTimeoutException.class);
        assertThat(log.lines()).hasSize(2);
        assertThat(log.lines().toList().get(0)).startsWith("[resilience-agent] ERROR rule 'init-fails': onFailure.exception "
                + FailsToInitialise.class.getName() + " cannot be used for B#get(String) (java.lang.IllegalStateException: no configuration)");
        assertThat(log.lines().toList().get(1)).startsWith("[resilience-agent] ERROR rule 'ctor-throws': onFailure.exception "
                + ConstructorThrows.class.getName() + " cannot be used for B#run() (java.lang.IllegalArgumentException: refused: ");
    }

    /** Not public: its public constructor cannot be called from the agent's package. */
    static final class NotPublic extends RuntimeException {
        public NotPublic(String message) {
            super(message);
        }
    }

    /** Only a (String) constructor: the agent's exception is still given as the cause. */
    public static final class MessageOnly extends RuntimeException {
        public MessageOnly(String message) {
            super(message);
        }
    }

    @Test
    void aClassThatIsNotPublicIsSaidOnceAndTheCallerGetsTheAgentsOwnType() {
        RuleRuntime rule = runtime("    timeout: 2s\n");
        FailureFactory hidden = new FailureFactory("hidden", "B#get(String)", true, false, NotPublic.class.getName(),
                getClass().getClassLoader());
        Throwable[] made = new Throwable[1];

        String log = stderrOf(() -> made[0] = hidden.create(Reason.TIMEOUT, rule));

        assertThat(made[0]).isInstanceOf(CallTimeoutIOException.class);
        assertThat(log).startsWith("[resilience-agent] ERROR rule 'hidden': onFailure.exception " + NotPublic.class.getName()
                + " cannot be used for B#get(String) (java.lang.IllegalArgumentException: " + NotPublic.class.getName()
                + " is not public, so the agent cannot make one)");
    }

    @Test
    void aMessageOnlyConstructorStillGetsTheAgentsExceptionAsItsCause() {
        FailureFactory messageOnly = new FailureFactory("plain", "B#get(String)", true, false, MessageOnly.class.getName(),
                getClass().getClassLoader());

        Throwable made = messageOnly.create(Reason.TIMEOUT, runtime);

        assertThat(made).isInstanceOf(MessageOnly.class).hasMessage("resilience-agent rule 'plain': B#get(String) timed out after 2s");
        assertThat(made.getCause()).isInstanceOf(CallTimeoutIOException.class).hasMessage(made.getMessage());
    }

    /** mode: observe changes nothing the application sees, so the onFailure class is never made (nor initialised). */
    @Test
    void observeModeNeverMakesTheOnFailureException() {
        RuleRuntime observed = runtime("    mode: observe\n    timeout: 2s\n");
        FailureFactory watched = new FailureFactory("observed", "B#get(String)", true, false, Watched.class.getName(),
                getClass().getClassLoader());

        assertThat(watched.create(Reason.TIMEOUT, observed)).isInstanceOf(CallTimeoutIOException.class);
        assertThat(watched.timeout(observed, -1)).isInstanceOf(CallTimeoutIOException.class);
        assertThat(watchedInitialised).isFalse();
        assertThat(watched.create(Reason.TIMEOUT, runtime)).isInstanceOf(Watched.class); // enforcing: it is
    }

    /**
     * Audit: an attempt's timeout is the agent's own (the earlier ones go with the last as suppressed);
     * onFailure's class is made by shown(), once the call ends with one. Its cause stays the IO
     * flavour where the constructor takes an IOException, for a method that declares none.
     */
    @Test
    void anAttemptsTimeoutIsTheAgentsOwnAndShownMakesTheOnFailureClassFromIt() {
        FailureFactory custom = new FailureFactory("svc", "B#run()", false, false, "java.io.UncheckedIOException",
                getClass().getClassLoader());

        Throwable attempt = custom.timeout(runtime, -1);
        Throwable shown = custom.shown(attempt);

        assertThat(attempt).isInstanceOf(CallTimeoutIOException.class)
                .hasMessage("resilience-agent rule 'svc': B#run() timed out after 2s");
        assertThat(shown).isInstanceOf(java.io.UncheckedIOException.class).hasMessage(attempt.getMessage()).hasCause(attempt);
        assertThat(unchecked.shown(attempt)).isSameAs(attempt); // no onFailure: the caller gets the agent's own
    }

    /** The contract retries the agent's timeouts as IOExceptions where the method declares one, whatever onFailure shows. */
    @Test
    void aTimeoutIsJudgedAsAnIOExceptionWhereTheMethodDeclaresOneAndOnFailureDoesNotChangeThat() {
        FailureFactory custom = new FailureFactory("svc", "B#get(String)", true, false, "java.io.UncheckedIOException",
                getClass().getClassLoader());
        assertThat(custom.create(Reason.TIMEOUT, runtime)).isInstanceOf(java.io.UncheckedIOException.class);
        assertThat(custom.timeoutJudgedAs(false)).isEqualTo(CallTimeoutIOException.class);
        assertThat(io.timeoutJudgedAs(true)).isEqualTo(CallTimeoutIOException.class);
        assertThat(unchecked.timeoutJudgedAs(false)).isEqualTo(dev.resilience.agent.api.CallTimeoutException.class);
        assertThat(unchecked.timeoutJudgedAs(true)).isEqualTo(AsyncCallTimeoutException.class);
    }

    /** Audit: an inner timeout cut to the outer deadline said "timed out after 5s" when it fired after 0.7 s. */
    @Test
    void aTimeoutCutByTheEnclosingDeadlineSaysSoInsteadOfNamingTheRulesDuration() {
        long ms = 1_000_000L;
        assertThat(io.timeout(runtime, -1)).hasMessage("resilience-agent rule 'svc': B#get(String) timed out after 2s");
        assertThat(io.timeout(runtime, 700 * ms)).isInstanceOf(CallTimeoutIOException.class)
                .hasMessage("resilience-agent rule 'svc': B#get(String) timed out after 700ms"
                        + " (the enclosing call's deadline; the rule's own timeout is 2s)");
        assertThat(io.timeout(runtime, 0)).hasMessage("resilience-agent rule 'svc': B#get(String) timed out before it"
                + " started: the enclosing call's deadline had passed (the rule's own timeout is 2s)");
        RuleRuntime untimed = runtime("    timeout: off\n");
        assertThat(unchecked.timeout(untimed, 250 * ms)).hasMessage("resilience-agent rule 'svc': B#run() timed out after"
                + " 250ms (the enclosing call's deadline)");
    }

    /** Audit: the same for an asynchronous call, whose future failed with "timed out after 5s" at 0.5 s. */
    @Test
    void anAsyncTimeoutCutByTheEnclosingDeadlineSaysSoToo() {
        long ms = 1_000_000L;
        assertThat(unchecked.asyncTimeout(runtime, -1)).hasMessage("resilience-agent rule 'svc': B#run() timed out after 2s");
        assertThat(unchecked.asyncTimeout(runtime, 490 * ms)).isInstanceOf(AsyncCallTimeoutException.class)
                .hasMessage("resilience-agent rule 'svc': B#run() timed out after 490ms"
                        + " (the enclosing call's deadline; the rule's own timeout is 2s)");
        assertThat(unchecked.asyncTimeout(runtime, 0)).hasMessage("resilience-agent rule 'svc': B#run() timed out before"
                + " it started: the enclosing call's deadline had passed (the rule's own timeout is 2s)");
    }

    @Test
    void eachMessageIsBuiltOncePerRuntime() {
        Throwable first = io.create(Reason.CIRCUIT_OPEN, runtime);
        Throwable second = io.create(Reason.CIRCUIT_OPEN, runtime);
        assertThat(second).isNotSameAs(first);
        assertThat(second.getMessage()).isSameAs(first.getMessage());

        RuleRuntime reloaded = runtime("    timeout: 3s\n");
        assertThat(io.create(Reason.TIMEOUT, runtime)).hasMessageEndingWith("timed out after 2s");
        assertThat(io.create(Reason.TIMEOUT, reloaded)).hasMessageEndingWith("timed out after 3s");
    }

    @Test
    void theAgentsExceptionsHaveNoStackTraceByDefault() {
        for (Reason reason : Reason.values()) {
            assertThat(io.create(reason, runtime).getStackTrace()).as("%s", reason).isEmpty();
            assertThat(unchecked.create(reason, runtime).getStackTrace()).as("%s", reason).isEmpty();
        }
        assertThat(io.asyncTimeout(runtime, -1).getStackTrace()).isEmpty();
    }

    @Test
    void theSystemPropertyBringsStackTracesBack() throws Exception {
        // The property is read once per class loader, so load the api classes afresh (after
        // this loader's have read it, so that they stay as they are for the other tests).
        assertThat(io.create(Reason.CIRCUIT_OPEN, runtime).getStackTrace()).isEmpty();
        URL classes = Path.of(CircuitOpenIOException.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toUri().toURL();
        String before = System.setProperty("resilience.stackTraces", "true");
        try (URLClassLoader fresh = new URLClassLoader(new URL[] {classes}, ClassLoader.getPlatformClassLoader())) {
            Class<?> type = fresh.loadClass(CircuitOpenIOException.class.getName());
            Class<?> reason = fresh.loadClass(Reason.class.getName());
            Object open = reason.getField("CIRCUIT_OPEN").get(null);
            Throwable made = (Throwable) type.getConstructor(String.class, String.class, reason, String.class, Throwable.class)
                    .newInstance("svc", "B#get(String)", open, "message", null);
            assertThat(made.getStackTrace()).isNotEmpty();
        } finally {
            if (before == null) {
                System.clearProperty("resilience.stackTraces");
            } else {
                System.setProperty("resilience.stackTraces", before);
            }
        }
    }
}
