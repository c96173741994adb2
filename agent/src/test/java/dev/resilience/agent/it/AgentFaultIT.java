package dev.resilience.agent.it;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The agent's own failures never reach the application: with the test-only switch
 * {@code -Dresilience.agent.test.failInAdvice} the advice of a rule fails on every call, and the
 * original method still runs (once per call, unprotected), the error is logged once per rule and
 * counted per method.
 */
class AgentFaultIT extends WireMockSupport {
    private static final String POLICY = """
            version: 1
            rules:
              - name: legacy
                match: { class: testapp.LegacyClient }
                retry: { maxAttempts: 3, delay: 50ms }
                timeout: off
                circuitBreaker: off
              - name: unchecked
                match: { class: testapp.UncheckedClient }
                retry: { maxAttempts: 3, delay: 50ms, retryOn: [java.io.UncheckedIOException] }
                timeout: 5s
                circuitBreaker: off
            """;
    private static final String[] STEPS = {
        "legacy.get:/down", "legacy.get:/down", "legacy.get:/down", "legacy.get:/ok",
        "unchecked.fetch:/down2", "unchecked.fetch:/down2", "unchecked.fetch:/ok",
    };

    private ForkedApp.Result run(String... jvmOptions) {
        stub("/down", status(503));
        stub("/down2", status(503));
        stub("/ok", status(200));
        String[] args = new String[STEPS.length + 1];
        args[0] = base();
        System.arraycopy(STEPS, 0, args, 1, STEPS.length);
        return ForkedApp.run(ForkedApp.policy(POLICY), List.of(jvmOptions), List.of(), "testapp.AgentErrorsReport", args);
    }

    @Test
    void withoutTheSwitchTheRulesRetry() {
        ForkedApp.Result result = run();

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(requests("/down")).isEqualTo(9);
        assertThat(requests("/down2")).isEqualTo(6);
        assertThat(result.call(1).suppressed()).isEqualTo(2);
        assertThat(result.stderr()).doesNotContain("internal error");
        assertThat(agentErrors(result)).containsEntry("LegacyClient#get(String)", 0L);
    }

    @Test
    void aFailingAdviceLetsTheOriginalMethodRunOnceAndIsLoggedOncePerRuleAndCounted() {
        ForkedApp.Result result = run("-Dresilience.agent.test.failInAdvice=legacy,unchecked");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout()).contains("MAIN DONE");
        // The original methods ran, once per call, with no retry: inline (legacy) and hand-off (unchecked) advice.
        assertThat(requests("/down")).as(result.toString()).isEqualTo(3);
        assertThat(requests("/down2")).isEqualTo(2);
        assertThat(requests("/ok")).isEqualTo(2);
        // The application saw exactly what it would see without the agent.
        for (int n = 1; n <= 3; n++) {
            assertThat(result.call(n).exception()).isEqualTo("java.io.IOException");
            assertThat(result.call(n).message()).isEqualTo("HTTP 503 from /down");
            assertThat(result.call(n).suppressed()).isZero();
        }
        assertThat(result.call(4).value()).isEqualTo("status 200");
        assertThat(result.call(5).exception()).isEqualTo("java.io.UncheckedIOException");
        assertThat(result.call(7).value()).isEqualTo("status 200");
        // Logged once per rule, however many calls failed; counted per method.
        assertThat(occurrences(result.stderr(), "internal error in rule legacy ")).isEqualTo(1);
        assertThat(occurrences(result.stderr(), "internal error in rule unchecked ")).isEqualTo(1);
        assertThat(result.stderr()).contains("TEST ONLY: -Dresilience.agent.test.failInAdvice");
        assertThat(agentErrors(result))
                .containsEntry("LegacyClient#get(String)", 4L)
                .containsEntry("UncheckedClient#fetch(String)", 3L);
    }

    /**
     * Audit: at a depth where the agent's own frames overflowed the stack after it had decided to run
     * the body (a synchronized method: on the caller's thread), the caller got 0 from a body that never
     * ran. A stack overflow there now reaches the caller, as it could have a frame later.
     */
    @Test
    void aStackOverflowInTheAgentNeverBecomesAWrongValue() {
        String policy = ForkedApp.policy("""
                version: 1
                rules:
                  - name: deep
                    match: { class: testapp.DeepStack, methods: [work] }
                    circuitBreaker: off
                """);

        ForkedApp.Result result = ForkedApp.run(policy, List.of("-Xss512k"), List.of(), "testapp.Scenario", base(),
                "deep.dive:20");

        assertThat(result.call(1).ok()).as(result.toString()).isTrue();
        assertThat(result.call(1).value()).startsWith("wrong=0 ");
    }

    /**
     * Audit: a stack overflow inside the agent's exit code left the call on the thread's stack of calls
     * for good: every later call of the rule on that thread was taken for a nested one and ran
     * unprotected (no retry, not counted), and the call's armed interrupt fired later into the
     * application. The thread's next protected call now ends such a call first. Inline (no timeout),
     * thread mode, and interrupt mode, where an overflow inside the interrupt timer could also lose an
     * armed interrupt (InterruptTimerTest). Thread mode with 2 workers allowed: overflows between
     * taking an idle worker and handing it the body lost both workers until their keep-alive ended,
     * and the last call was refused.
     */
    @Test
    void aStackOverflowInTheAgentLeavesTheThreadProtected() {
        for (String timeout : List.of("off", "1s", "{ duration: 1s, mode: interrupt }")) {
            String policy = ForkedApp.policy("""
                    version: 1
                    rules:
                      - name: flaky
                        match: { class: testapp.DeepStack, methods: [flaky] }
                        retry: { maxAttempts: 2, delay: 1ms }
                        timeout: %s
                        circuitBreaker: off
                    """.formatted(timeout));

            ForkedApp.Result result = ForkedApp.run(policy, List.of("-Xss512k", "-Dresilience.timeout.maxThreads=2"),
                    List.of(), "testapp.Scenario", base(), "deep.flakyAfterDives:10");

            assertThat(result.call(1).ok()).as(timeout + "\n" + result).isTrue();
            assertThat(result.call(1).value()).as(timeout + "\n" + result).isEqualTo("runs=2 ok interrupted=false");
        }
    }

    /**
     * CI: the JVM's first stack trace initialises the JDK's {@code StackTraceElement$HashedModules}. A
     * hand-off call walks its stack, and once the first walk came at the end of a deep recursion,
     * before the warm-up's: it overflowed inside that initialiser, and every stack trace of the JVM
     * failed from then on ("Could not initialize class"), so every call of the rule failed inside the
     * agent and ran unprotected (the test above, 1 CI run in several). The agent now takes the JVM's
     * first stack trace in premain, on its shallow stack.
     */
    @Test
    void theJvmsFirstStackTraceIsTakenBeforeTheApplicationRuns() {
        String policy = ForkedApp.policy("""
                version: 1
                rules:
                  - name: flaky
                    match: { class: testapp.DeepStack, methods: [flaky] }
                    timeout: 1s
                """);

        ForkedApp.Result result = ForkedApp.run(policy, List.of("-Xlog:class+init=info"), List.of(), "testapp.Scenario",
                base(), "mark:ran");

        List<String> out = result.stdout();
        int main = out.indexOf("MAIN STARTED");
        // and a class a failing call's own exception needs, added to premain's list after this failure
        for (String name : List.of("java/lang/StackTraceElement$HashedModules",
                "dev/resilience/agent/instrument/ExceptionConstructors")) {
            int initialised = -1;
            for (int i = 0; i < out.size() && initialised < 0; i++) {
                initialised = out.get(i).contains("Initializing '" + name + "'") ? i : -1;
            }
            assertThat(initialised).as(name + "\n" + result).isNotNegative().isLessThan(main);
        }
    }

    private static final String LATE_POLICY = """
            version: 1
            rules:
              - name: late
                match: { class: testapp.LoadedDeep, methods: [flaky] }
                retry: { maxAttempts: 2, delay: 1ms }
                timeout: off
                circuitBreaker: off
            """;

    /**
     * Runs {@code load}, waits for the start-up check (3 s here) to log {@code warning}, then runs
     * {@code call}: CALL 1 and CALL 2 of the result.
     */
    private ForkedApp.Result loadDeepThenCall(String load, String warning, String call) throws Exception {
        java.nio.file.Path gate = java.nio.file.Files.createTempDirectory("late").resolve("go");
        try (ForkedApp.Running app = ForkedApp.start(ForkedApp.policy(LATE_POLICY),
                List.of("-Xss512k", "-Dresilience.startupCheckMillis=3000"), "testapp.Scenario", base(), load,
                "waitfile:" + gate, call)) {
            app.awaitStderr(warning, 1);
            java.nio.file.Files.createFile(gate);
            return app.finish();
        }
    }

    /**
     * Audit: a matched class first loaded so deep in a stack that the JVM could not call the agent's
     * transformer loaded untouched, and stayed unprotected for the JVM's life. The agent looks for such
     * classes from the start-up check on and instruments them, with a line that says so.
     */
    @Test
    void aClassFirstLoadedTooDeepForTheTransformerIsInstrumentedLater() throws Exception {
        ForkedApp.Result result = loadDeepThenCall("deep.load",
                "WARN instrumented late: testapp.LoadedDeep, which loaded without the agent's changes", "deep.callLoaded");

        assertThat(result.call(1).value()).as("loaded too deep: unprotected at first\n" + result)
                .isEqualTo("deep=true failed runs=1");
        assertThat(result.stderr()).contains("transform method call failed");
        assertThat(result.call(2).value()).as(result.toString()).isEqualTo("ok runs=2");
        assertThat(result.stderr()).contains("instrumented 3 s after start: late 1 method (LoadedDeep#flaky())");
    }

    /**
     * The same class defined in 40 class loaders, one at each depth on the way up from a stack
     * overflow: the deepest load without the agent's changes. From the checks on, every one of them
     * retries (with the jar before the checks: 10 of 40).
     */
    @Test
    void classesFirstLoadedAtEveryDepthAreAllInstrumentedLater() {
        ForkedApp.Result result = ForkedApp.run(ForkedApp.policy(LATE_POLICY),
                List.of("-Xss512k", "-Dresilience.startupCheckMillis=1000"), List.of(), "testapp.Scenario", base(),
                "deep.loadInLoaders:40", "deep.awaitLoadedInLoadersProtected");

        assertThat(result.call(1).value()).as(result.toString()).isEqualTo("loaded=40");
        assertThat(result.stderr()).as("some loaded without the agent's changes").contains("WARN instrumented late: testapp.LoadedDeep (in ");
        assertThat(result.call(2).value()).as(result.toString()).isEqualTo("protected=40 of 40");
        assertThat(result.stderr()).doesNotContain("internal error");
    }

    /**
     * Audit: {@code -Dresilience.timeout.maxThreads=0} made every {@code mode: thread} call fail inside
     * the agent, and the caller got null without its body running. The value is refused at start,
     * by name, and the default limit is used.
     */
    @Test
    void aTuningValueOutOfRangeIsNamedAtStartAndTheDefaultUsed() {
        ForkedApp.Result result = run("-Dresilience.timeout.maxThreads=0", "-Dresilience.reload.intervalMillis=half");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(requests("/down2")).as("the thread-mode rule retried").isEqualTo(6);
        assertThat(result.call(7).value()).isEqualTo("status 200");
        assertThat(result.stderr())
                .contains("WARN -Dresilience.timeout.maxThreads=0 is not taken: it must be a whole number from 1;"
                        + " the default, 256, is used")
                .contains("WARN -Dresilience.reload.intervalMillis=half is not taken")
                .doesNotContain("internal error");
    }

    /**
     * The agent failing after an asynchronous method has returned its future (timer armed, future not
     * yet watched): the caller gets the method's own future, unprotected, and the method is not called
     * again. Before, the advice's error path ran it a second time (a second request), and the first
     * attempt's timer was left to fire.
     */
    @Test
    void aFailureAfterAnAsyncMethodReturnedNeverRunsItAgain() {
        String policy = ForkedApp.policy("""
                version: 1
                rules:
                  - name: async
                    match: { class: testapp.AsyncClient }
                    retry: { maxAttempts: 3, delay: 50ms }
                    timeout: 500ms
                    circuitBreaker: off
                """);
        sequence("/flaky", status(503), status(200));
        stub("/slow", status(200).withFixedDelay(1000));

        ForkedApp.Result result = ForkedApp.run(policy, List.of("-Dresilience.agent.test.failAfterAsyncBody=async"), List.of(),
                "testapp.Scenario", base(), "async.fetch:/flaky", "async.fetch:/slow");

        assertThat(result.call(1).exception()).as(result.toString()).isEqualTo("java.io.IOException");
        assertThat(result.call(1).message()).isEqualTo("HTTP 503 from /flaky");
        assertThat(requests("/flaky")).as("called once, not retried, not called again").isEqualTo(1);
        // unprotected: the method's own future, which no timer of the agent's completes at 500 ms
        assertThat(result.call(2).value()).isEqualTo("status 200");
        assertThat(requests("/slow")).isEqualTo(1);
        assertThat(occurrences(result.stderr(), "internal error in rule async ")).as(result.stderr()).isEqualTo(1);
    }

    private static int occurrences(String text, String needle) {
        int count = 0;
        for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
            count++;
        }
        return count;
    }

    private static java.util.Map<String, Long> agentErrors(ForkedApp.Result result) {
        java.util.Map<String, Long> errors = new java.util.HashMap<>();
        Pattern line = Pattern.compile("AGENT_ERRORS (\\S+) (\\d+)");
        for (String out : result.stdout()) {
            Matcher m = line.matcher(out);
            if (m.matches()) {
                errors.merge(m.group(1), Long.parseLong(m.group(2)), Long::sum);
            }
        }
        assertThat(errors).as("agent error counts in %s", result).isNotEmpty();
        return errors;
    }
}
