package dev.resilience.agent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What explain reports as errors, and its exit status then. */
class ExplainErrorsTest extends ExplainFixture {
    @Test
    void aMethodMatchedByTwoRulesIsAnErrorEvenWithoutStrict() throws IOException {
        Path policy = policy("""
                  - name: legacy
                    match: { class: testapp.LegacyClient }
                  - name: getters
                    match: { class: "testapp.*Client", methods: [get] }
                """);

        Run run = explain(policy);

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).contains(policy + ":6:12: error: testapp.LegacyClient#get(java.lang.String) is matched by"
                + " rules legacy and getters");
    }

    @Test
    void theSecondRuleOfAnOverlapListsTheMethodAsTakenNotAsMatchingNothing() throws IOException {
        Path policy = policy("""
                  - name: getters
                    match: { class: "testapp.*Client", methods: [get] }
                  - name: legacy
                    match: { class: testapp.LegacyClient, methods: [get] }
                """);

        Run run = explain(policy);

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out())
                .contains("  testapp.LegacyClient#get(java.lang.String)  [NOT instrumented: also matched by rule getters,"
                        + " which applies (first in the file)]")
                .doesNotContain("rule legacy matches no method");
    }

    @Test
    void aSynchronizedMethodUnderAThreadModeTimeoutIsWarnedAbout() throws IOException {
        String rule = """
                  - name: locked
                    match: { class: testapp.LockedClient }
                    timeout: 2s
                """;
        Run thread = explain(policy(rule));
        Run interrupt = explain(policy(rule.replace("timeout: 2s", "timeout: { duration: 2s, mode: interrupt }")));

        assertThat(thread.out()).contains(":4:12: warning: testapp.LockedClient#get(java.lang.String) is synchronized: its"
                + " caller holds the monitor its body needs, so the body runs on the caller's thread");
        assertThat(interrupt.out()).doesNotContain("is synchronized");
    }

    @Test
    void aMethodDeclaringAFutureTypeOfItsOwnIsWarnedAbout() throws IOException {
        Run run = explain(policy("""
                  - name: async
                    match: { class: testapp.AsyncClient, methods: [declaredOwn, ownFuture] }
                """), "--strict");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).contains("  testapp.AsyncClient#declaredOwn(java.lang.String)  [handoff]",
                "  testapp.AsyncClient#ownFuture(java.lang.String)  [async]",
                ":4:12: warning: testapp.AsyncClient#declaredOwn(java.lang.String) returns testapp.AsyncClient$OwnFuture,"
                        + " a future type of its own: the agent protects it as a synchronous call");
        assertThat(run.out()).doesNotContain("#ownFuture(java.lang.String) returns");
    }

    @Test
    void aFallbackValueThatDoesNotFitTheReturnTypeIsAnError() throws IOException {
        Run run = explain(policy("""
                  - name: legacy
                    match: { class: testapp.LegacyClient, methods: [get, length] }
                    fallback: { value: 0 }
                """));

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).contains("  testapp.LegacyClient#get(java.lang.String)  [NOT instrumented: fallback does not fit]",
                "  testapp.LegacyClient#length(java.lang.String)  [handoff]",
                "error: the fallback of rule legacy does not fit testapp.LegacyClient#get(java.lang.String): the number 0"
                        + " does not fit the return type java.lang.String");
    }

    @Test
    void fallbackMethodsAreCheckedAgainstEachMatchedMethod() throws IOException {
        Run good = explain(policy("""
                  - name: unchecked
                    match: { class: testapp.UncheckedClient }
                    fallback: { method: "testapp.fixtures.Fallbacks#cachedAfter" }
                """));
        Run wrongType = explain(policy("""
                  - name: unchecked
                    match: { class: testapp.UncheckedClient }
                    fallback: { method: "testapp.fixtures.Fallbacks#wrongType" }
                """));

        assertThat(good.exit()).as(good.out()).isZero();
        assertThat(wrongType.exit()).isEqualTo(1);
        assertThat(wrongType.out()).contains("error: fallback.method testapp.fixtures.Fallbacks#wrongType does not fit"
                + " testapp.UncheckedClient#fetch(java.lang.String): it needs a static method wrongType(java.lang.String)")
                // what the agent then does: leaves the method alone, so explain does not list it as wrapped
                .contains("testapp.UncheckedClient#fetch(java.lang.String)  [NOT instrumented: fallback method does not fit]")
                .contains("the agent would leave this method unprotected");
    }

    /** Review: the agent takes a fallback whose failure parameter is declared Exception; explain refused it. */
    @Test
    void aFallbackTakingTheFailureAsExceptionFitsAsTheAgentJudgesIt() throws IOException {
        Run run = explain(policy("""
                  - name: unchecked
                    match: { class: testapp.UncheckedClient }
                    fallback: { method: "testapp.fixtures.Fallbacks#cachedAfterException" }
                """));

        assertThat(run.exit()).as(run.out()).isZero();
        assertThat(run.out()).doesNotContain("does not fit");
    }

    /** Audit: explain refused an int fallback for an Integer method, which Java's boxing, and the agent, accept. */
    @Test
    void aPrimitiveFallbackFitsItsBoxedReturnTypeAsTheAgentJudgesIt() throws IOException {
        Run run = explain(policy("""
                  - name: counts
                    match: { class: testapp.fixtures.CountClient }
                    fallback: { method: "testapp.fixtures.Fallbacks#zero" }
                """));

        assertThat(run.exit()).as(run.out()).isZero();
        assertThat(run.out()).doesNotContain("does not fit");
    }

    /** CompletionStage<Integer>: the value must fit Integer, as the agent checks it from the generic signature. */
    @Test
    void aFallbackValueThatDoesNotFitAFuturesValueTypeIsAnError() throws IOException {
        Run run = explain(policy("""
                  - name: async
                    match: { class: testapp.AsyncClient, methods: [fetch] }
                    fallback: { value: 3 }
                """));

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).contains("testapp.AsyncClient#fetch(java.lang.String)  [NOT instrumented: fallback does not fit]")
                .contains("the number 3 does not fit the value type of the returned future java.lang.String");
    }

    @Test
    void anOnFailureExceptionWithoutAMessageConstructorIsAnError() throws IOException {
        Run run = explain(policy("""
                  - name: unchecked
                    match: { class: testapp.UncheckedClient }
                    onFailure: { exception: testapp.fixtures.NoMessageException }
                """));

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).contains("error: onFailure.exception testapp.fixtures.NoMessageException has no public"
                + " (String) or (String, Throwable) constructor");
    }

    /** The contract's failures reach callers as exceptions they already catch: a checked one the method does not declare cannot be. */
    @Test
    void aCheckedOnFailureExceptionAMethodDoesNotDeclareIsAWarning() throws IOException {
        Run run = explain(policy("""
                  - name: unchecked
                    match: { class: testapp.UncheckedClient }
                    onFailure: { exception: java.sql.SQLException }
                  - name: legacy
                    match: { class: testapp.LegacyClient, methods: [get] }
                    onFailure: { exception: java.io.FileNotFoundException }
                """));

        assertThat(run.exit()).as(run.out()).isZero();
        assertThat(run.out()).contains(":5:29: warning: onFailure.exception java.sql.SQLException is a checked exception that"
                + " testapp.UncheckedClient#")
                .contains("does not declare: its callers cannot catch it by that type. Name an unchecked exception, or one"
                        + " the method declares")
                .doesNotContain("java.io.FileNotFoundException is a checked exception"); // get declares IOException
    }

    @Test
    void aClassThatIsNoExceptionInRetryOnIsAWarning() throws IOException {
        Run run = explain(policy("""
                  - name: legacy
                    match: { class: testapp.LegacyClient, methods: [get] }
                    retry: { retryOn: [testapp.fixtures.DiskStore, java.io.IOException] }
                """));

        assertThat(run.exit()).as(run.out()).isZero();
        assertThat(run.out()).contains("warning: retryOn names testapp.fixtures.DiskStore, which is not an exception (it"
                + " does not extend java.lang.Throwable), so it matches nothing")
                .doesNotContain("retryOn names java.io.IOException");
    }

    @Test
    void anInvalidPolicyPrintsTheValidateLinesAndExits1() throws IOException {
        Path policy = policy("""
                  - name: legacy
                    match: { class: testapp.LegacyClient }
                    retry: { maxAttempts: 0 }
                """);

        Run run = explain(policy);

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).startsWith(policy + ":5:").contains("maxAttempts");
    }

    @Test
    void usageErrorsExit2() throws IOException {
        Path policy = policy("  - name: a\n    match: { class: x.Y }\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream discard = new PrintStream(OutputStream.nullOutputStream());

        assertThat(ExplainCommand.run(List.of(policy.toString()), discard, new PrintStream(err))).isEqualTo(2);
        assertThat(err.toString()).contains("--classpath is required");
        assertThat(ExplainCommand.run(List.of(policy.toString(), "--classpath", "x", "--bogus"), discard, discard))
                .isEqualTo(2);
    }

    /**
     * Regression (audit): these warnings pointed at the rule's name. A name two rules inherit from
     * {@code defaults} is one problem, reported once, where it is written.
     */
    @Test
    void anExceptionNameThatExistsNowhereIsReportedAtTheEntryThatWritesIt() throws IOException {
        Path file = dir.resolve("names.yaml");
        Files.writeString(file, """
                version: 1
                defaults:
                  retry:
                    abortOn: [testapp.NoSuchAbort]
                rules:
                  - name: legacy
                    match: { class: testapp.LegacyClient, methods: [get] }
                    retry:
                      retryOn:
                        - java.io.IOException
                        - testapp.NoSuchRetry
                    circuitBreaker: { ignoreOn: [testapp.NoSuchIgnore] }
                  - name: unchecked
                    match: { class: testapp.UncheckedClient }
                """);

        Run run = explain(file);

        assertThat(run.lines()).filteredOn(line -> line.contains(" names testapp.NoSuch"))
                .extracting(line -> line.substring(0, line.indexOf(", which")))
                .containsExactly(
                        file + ":4:15: warning: abortOn names testapp.NoSuchAbort",
                        file + ":11:11: warning: retryOn names testapp.NoSuchRetry",
                        file + ":12:34: warning: ignoreOn names testapp.NoSuchIgnore");
    }

    /** Regression (audit): a script asking for JSON got the text lines of validate. */
    @Test
    void anInvalidPolicyWithJsonIsOneJsonDocumentOfItsErrors() throws IOException {
        Path file = policy("""
                  - name: legacy
                    match: { class: testapp.LegacyClient }
                    retry: { maxAttempts: 0 }
                """);

        Run run = explain(file, "--json");

        assertThat(run.exit()).isEqualTo(1);
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(json.get("rules")).isEmpty();
        assertThat(json.get("errors").asInt()).isEqualTo(1);
        assertThat(json.get("exitCode").asInt()).isEqualTo(1);
        JsonNode finding = json.get("findings").get(0);
        assertThat(finding.get("severity").asText()).isEqualTo("error");
        assertThat(finding.get("line").asInt()).isEqualTo(5);
        assertThat(finding.get("text").asText()).startsWith(file + ":5:").contains("retry.maxAttempts");
    }
}
