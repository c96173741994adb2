package dev.resilience.agent.it;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StartupIT extends WireMockSupport {
    private static final String VALID = """
            version: 1
            rules:
              - name: legacy
                match: { class: testapp.LegacyClient }
            """;

    @Test
    void anInvalidPolicyStopsTheJvmBeforeMainWithPositionedErrors() {
        String policy = ForkedApp.policy("""
                version: 1
                rules:
                  - name: legacy
                    match: { class: testapp.LegacyClient }
                    retry: { maxAttempts: 0 }
                """);

        ForkedApp.Result result = ForkedApp.run(policy, "testapp.Scenario", base(), "unmatched.get:/x");

        assertThat(result.exitCode()).as(result.toString()).isNotZero();
        assertThat(result.mainRan()).isFalse();
        assertThat(result.stderr()).contains(policy + ":5:").contains("maxAttempts");
    }

    /** Audit: with the agent given twice, an invalid policy on the second -javaagent let main run, exit 0. */
    @Test
    void anInvalidPolicyOnASecondJavaagentStillStopsTheJvmBeforeMain() {
        String valid = ForkedApp.policy("""
                version: 1
                rules:
                  - name: legacy
                    match: { class: testapp.LegacyClient }
                """);
        String invalid = ForkedApp.policy("""
                version: 1
                rules:
                  - name: legacy
                    match: { class: testapp.LegacyClient }
                    retry: { maxAttempts: 0 }
                """);

        ForkedApp.Result result = ForkedApp.run(valid, List.of("-javaagent:" + ForkedApp.AGENT_JAR + "=" + invalid), List.of(),
                "testapp.Scenario", base(), "unmatched.get:/x");

        assertThat(result.exitCode()).as(result.toString()).isNotZero();
        assertThat(result.mainRan()).isFalse();
        assertThat(result.stderr()).contains(invalid + ":5:").contains("stopping the JVM before main");
    }

    @Test
    void failOnInvalidPolicyFalseRunsTheApplicationUnprotected() {
        stub("/down", status(503));
        String policy = ForkedApp.policy("version: 1\nrules: []\nbogus: 1\n");

        ForkedApp.Result result = ForkedApp.run("policy=" + policy + ",failOnInvalidPolicy=false", "testapp.Scenario",
                base(), "legacy.get:/down");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.mainRan()).isTrue();
        assertThat(result.stderr()).contains(policy + ":");
        assertThat(requests("/down")).isEqualTo(1);
    }

    /** log=error: the policy's errors are said, and nothing below them (not even that the file is watched). */
    @Test
    void logErrorKeepsOnlyErrorsEvenWhenAnInvalidPolicyIsWatched() {
        stub("/down", status(503));
        String policy = ForkedApp.policy("version: 1\nrules: []\nbogus: 1\n");

        ForkedApp.Result result = ForkedApp.run("policy=" + policy + ",failOnInvalidPolicy=false,log=error", "testapp.Scenario",
                base(), "legacy.get:/down");

        assertThat(result.mainRan()).as(result.toString()).isTrue();
        assertThat(result.stderr()).contains(policy + ":");
        assertThat(result.stderr().lines().filter(line -> line.startsWith("[resilience-agent]")))
                .as(result.toString()).isNotEmpty().allMatch(line -> line.startsWith("[resilience-agent] ERROR"));
    }

    /** Issue 5: a rule matching nothing once the application has started is a warning, also for one that ends in seconds. */
    @Test
    void anApplicationThatEndsBeforeTheStartupCheckStillHearsOfTheRuleThatMatchedNothing() {
        stub("/ok", status(200));
        String policy = ForkedApp.policy(VALID + """
                  - name: typo
                    match: { class: testapp.LegacyClinet }
                """);

        ForkedApp.Result result = ForkedApp.run(policy, "testapp.Scenario", base(), "legacy.get:/ok");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stderr().lines().filter(l -> l.contains("still matches no method"))).singleElement().asString()
                .startsWith("[resilience-agent] WARN rule typo (" + policy + ":5) still matches no method at exit, before the"
                        + " 30 s start-up check (match: class testapp.LegacyClinet)");
    }

    /** Audit: a rule naming a JDK class was told to check its names, as if it were a typo. */
    @Test
    void aRuleNamingAClassTheAgentNeverInstrumentsIsToldSo() {
        stub("/ok", status(200));
        String policy = ForkedApp.policy(VALID + """
                  - name: jdk
                    match: { class: java.util.ArrayList }
                """);

        ForkedApp.Result result = ForkedApp.run(policy, "testapp.Scenario", base(), "legacy.get:/ok");

        assertThat(result.stderr()).as(result.toString()).contains("[resilience-agent] WARN rule jdk (" + policy + ":5) names"
                + " java.util.ArrayList, in a package the agent never instruments (the JDK's, the XML APIs', its own, other"
                + " agents', the Kotlin and Scala runtimes'): it protects nothing. Match the application's own class that"
                + " makes the calls instead").doesNotContain("still matches no method");
    }

    /** Audit: a rule whose every method an earlier rule takes was told it matched nothing, and to check its names. */
    @Test
    void aRuleThatOnlyLosesOverlapsIsToldSo() {
        stub("/ok", status(200));
        String policy = ForkedApp.policy(VALID + """
                  - name: shadowed
                    match: { class: testapp.LegacyClient, methods: [get] }
                """);

        ForkedApp.Result result = ForkedApp.run(policy, "testapp.Scenario", base(), "legacy.get:/ok");

        assertThat(result.stderr()).as(result.toString()).contains("[resilience-agent] WARN rule shadowed (" + policy + ":5)"
                + " matches only methods an earlier rule of the file also matches, which applies to them (warned about above):"
                + " it adds nothing. Narrow one of the two matches").doesNotContain("still matches no method");
    }

    /**
     * Issue 2: "each class/method as it is instrumented at debug, a per-rule count at info". The
     * count, with the methods named, comes at exit here, as the application ends before the 30 s
     * start-up check.
     */
    @Test
    void classesAreLoggedOneByOneAtDebugAndCountedPerRuleAtInfo() {
        stub("/ok", status(200));
        String policy = ForkedApp.policy(VALID);

        ForkedApp.Result info = ForkedApp.run(policy, "testapp.Scenario", base(), "legacy.get:/ok");
        ForkedApp.Result debug = ForkedApp.run("policy=" + policy + ",log=debug", "testapp.Scenario", base(), "legacy.get:/ok");

        assertThat(info.exitCode()).as(info.toString()).isZero();
        assertThat(info.stderr()).as(info.toString()).doesNotContain("instrumented testapp.LegacyClient")
                .contains("[resilience-agent] INFO instrumented at exit, before the 30 s start-up check: legacy 4 methods"
                        + " (LegacyClient#get(String), LegacyClient#getTwice(String), LegacyClient#length(String),"
                        + " LegacyClient#send(String))");
        assertThat(debug.stderr()).as(debug.toString())
                .contains("[resilience-agent] DEBUG instrumented testapp.LegacyClient: rule legacy (4 methods)")
                .contains("[resilience-agent] DEBUG rule legacy: instrumented testapp.LegacyClient#get(java.lang.String)");
    }

    @Test
    void anUnknownAgentArgumentKeyIsInvalid() {
        ForkedApp.Result result = ForkedApp.run("policy=" + ForkedApp.policy(VALID) + ",colour=blue", "testapp.Scenario", base());

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.mainRan()).isFalse();
        assertThat(result.stderr()).contains("unknown agent argument key 'colour'");
    }

    @Test
    void withoutAnyPolicyTheAgentWarnsOnceAndInstrumentsNothing() {
        stub("/down", status(503));

        ForkedApp.Result result = ForkedApp.run("", "testapp.Scenario", base(), "legacy.get:/down");

        assertThat(result.exitCode()).isZero();
        assertThat(result.stderr().lines().filter(l -> l.startsWith("[resilience-agent] WARN"))).hasSize(1);
        assertThat(requests("/down")).isEqualTo(1);
    }

    /** Audit: metrics.port without a policy was dropped without a word, though the README promises why an endpoint did not start. */
    @Test
    void withoutAnyPolicyAMetricsPortIsSaidNotToBeServed() {
        ForkedApp.Result result = ForkedApp.run("metrics.port=" + ForkedApp.freePort(), "testapp.Scenario", base());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stderr()).contains("nothing is instrumented, and no metrics endpoint is started");
    }

    @Test
    void thePolicyPathCanComeFromASystemProperty() {
        sequence("/flaky", status(503), status(200));

        ForkedApp.Result result = ForkedApp.run("", List.of("-Dresilience.policy=" + ForkedApp.policy(VALID)), List.of(),
                "testapp.Scenario", base(), "legacy.get:/flaky");

        assertThat(result.call(1).ok()).as(result.toString()).isTrue();
        assertThat(requests("/flaky")).isEqualTo(2);
        assertThat(result.stderr()).contains("[resilience-agent] INFO policy").contains("1 rule (legacy)");
    }

    @Test
    void aMethodThePolicyDoesNotMatchBehavesExactlyAsWithoutTheAgent() {
        stub("/down", status(503));
        String policy = ForkedApp.policy(VALID);

        ForkedApp.Result with = ForkedApp.run(policy, "testapp.Scenario", base(), "unmatched.get:/down");
        ForkedApp.Result without = ForkedApp.run(null, "testapp.Scenario", base(), "unmatched.get:/down");

        assertThat(with.call(1).exception()).isEqualTo(without.call(1).exception()).isEqualTo("java.io.IOException");
        assertThat(with.call(1).message()).isEqualTo(without.call(1).message());
        assertThat(with.call(1).suppressed()).isZero();
        assertThat(requests("/down")).isEqualTo(2);
    }

    /**
     * A loader whose parents leave out the application class loader cannot see the agent's classes:
     * its classes are left unchanged and the operator is told once, rather than woven code failing
     * silently on every call.
     */
    @Test
    void classesOfALoaderThatCannotSeeTheAgentAreLeftAloneWithAWarning() {
        stub("/down", status(503));
        String policy = ForkedApp.policy("""
                version: 1
                rules:
                  - name: legacy
                    match: { class: testapp.LegacyClient }
                    retry: { maxAttempts: 3, delay: 10ms }
                    timeout: off
                    circuitBreaker: off
                """);

        ForkedApp.Result result = ForkedApp.run(policy, "testapp.Scenario", base(), "isolatedLegacy.get:/down",
                "legacy.get:/down");

        assertThat(result.call(1).exception()).as(result.toString()).isEqualTo("java.io.IOException");
        assertThat(result.stderr()).contains("classes of class loader 'isolated' (java.net.URLClassLoader) cannot see the"
                + " agent's classes, so the agent cannot protect them: testapp.LegacyClient and any other class of that loader");
        assertThat(requests("/down")).as("1 unprotected call, then 3 attempts through the application's own loader").isEqualTo(4);
    }

    /** Audit: a rule whose only classes were left alone for their loader was told to check its names. */
    @Test
    void aRuleWhoseClassesOnlyCameThroughSuchALoaderIsToldSoAtExit() {
        String policy = ForkedApp.policy("""
                version: 1
                rules:
                  - name: isolated
                    match: { class: testapp.OnlyIsolated }
                    timeout: off
                """);

        ForkedApp.Result result = ForkedApp.run(policy, "testapp.Scenario", base(), "isolatedOnly.call:x");

        assertThat(result.call(1).value()).as(result.toString()).isEqualTo("isolated x");
        assertThat(result.stderr()).contains("WARN rule isolated (" + policy + ":3) selected classes only"
                + " through a class loader that cannot see the agent's classes (warned about above): they run unprotected,"
                + " and it protects nothing else").doesNotContain("still matches no method");
    }
}
