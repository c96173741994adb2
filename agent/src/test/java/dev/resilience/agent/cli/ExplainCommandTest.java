package dev.resilience.agent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** What explain lists and warns about ({@link ExplainClassPathTest}: the class paths it reads). */
class ExplainCommandTest extends ExplainFixture {
    @Nested
    class Listing {
        @Test
        void listsEveryMethodARuleMatchesWithItsEffectiveSettings() throws IOException {
            Run run = explain(policy("""
                      - name: legacy
                        match: { class: testapp.LegacyClient }
                        retry: { maxAttempts: 4 }
                        timeout: { duration: 2s, mode: interrupt }
                    """));

            assertThat(run.exit()).as(run.out()).isZero();
            assertThat(run.lines()).containsSubsequence(
                    "rule legacy (line 3): 4 methods",
                    "  testapp.LegacyClient#get(java.lang.String)  [inline]",
                    "  testapp.LegacyClient#getTwice(java.lang.String)  [inline]",
                    "  testapp.LegacyClient#send(java.lang.String)  [inline]",
                    "  testapp.LegacyClient#length(java.lang.String)  [inline]",
                    "  effective settings:",
                    "    match: class testapp.LegacyClient methods=(default: public declared methods)");
            assertThat(run.out()).contains("    retry: maxAttempts=4 ").contains("    timeout: 2s mode=interrupt")
                    .doesNotContain("toString").contains("4 methods matched; 0 warnings, 0 errors");
        }

        @Test
        void showsWhichMethodsRunOnATimeoutWorker() throws IOException {
            Run run = explain(policy("""
                      - name: legacy
                        match: { class: testapp.LegacyClient, methods: [get] }
                        timeout: 2s
                      - name: async
                        match: { class: testapp.AsyncClient }
                    """));

            assertThat(run.lines()).contains("  testapp.LegacyClient#get(java.lang.String)  [handoff]",
                    "  testapp.AsyncClient#fetch(java.lang.String)  [async]");
        }

        @Test
        void subtypeOfListsImplementationsWhereTheyDeclareTheMethod() throws IOException {
            Run run = explain(policy("""
                      - name: store
                        match: { subtypeOf: testapp.fixtures.Store }
                    """));

            assertThat(run.out()).contains("rule store (line 3): 2 methods",
                    "  testapp.fixtures.DiskStore#put(java.lang.String,byte[])  [handoff]",
                    "  testapp.fixtures.CachedDiskStore#cached()  [handoff]");
        }

        @Test
        void jsonCarriesTheSameForScripts() throws IOException {
            Run run = explain(policy("""
                      - name: legacy
                        match: { class: testapp.LegacyClient, methods: [get] }
                      - name: typo
                        match: { class: testapp.LegacyClinet }
                    """), "--json");

            JsonNode json = new ObjectMapper().readTree(run.out());
            assertThat(run.lines()).hasSize(1);
            assertThat(json.get("exitCode").asInt()).isZero();
            assertThat(json.get("rules").get(0).get("name").asText()).isEqualTo("legacy");
            assertThat(json.get("rules").get(0).get("methods").get(0).get("method").asText())
                    .isEqualTo("testapp.LegacyClient#get(java.lang.String)");
            assertThat(json.get("rules").get(0).get("settings").get(0).asText()).startsWith("match: class testapp.LegacyClient");
            assertThat(json.get("rules").get(1).get("methods")).isEmpty();
            JsonNode finding = json.get("findings").get(0);
            assertThat(finding.get("severity").asText()).isEqualTo("warning");
            assertThat(finding.get("rule").asText()).isEqualTo("typo");
            assertThat(finding.get("line").asInt()).isEqualTo(6);
            assertThat(finding.get("message").asText()).contains("did you mean testapp.LegacyClient?");
            assertThat(json.get("warnings").asInt()).isEqualTo(1);
        }
    }

    @Nested
    class Warnings {
        @Test
        void aMisspeltClassIsAWarningWithASuggestionAndStrictMakesItFail() throws IOException {
            Path policy = policy("""
                      - name: legacy
                        match: { class: testapp.LegacyClent }
                    """);

            Run lenient = explain(policy);
            Run strict = explain(policy, "--strict");

            assertThat(lenient.exit()).isZero();
            assertThat(lenient.out()).contains("rule legacy (line 3): no methods")
                    .contains(policy + ":4:12: warning: rule legacy matches no method on this class path: there is no class"
                            + " testapp.LegacyClent on it; did you mean testapp.LegacyClient?");
            assertThat(strict.exit()).isEqualTo(1);
        }

        /** Audit: a rule naming a native or abstract method read "none of the methods it declares match". */
        @Test
        void aNamedMethodWithNoBodyIsAWarningThatSaysWhy() throws IOException {
            Path policy = policy("""
                      - name: gateway
                        match: { class: testapp.fixtures.AbstractGateway, methods: [send, checksum, "*sum"] }
                    """);

            Run run = explain(policy);

            assertThat(run.out())
                    .contains("warning: rule gateway names send, but testapp.fixtures.AbstractGateway#send(java.lang.String)"
                            + " is abstract: it has no body to wrap, so it is NOT protected. Match the classes that implement"
                            + " it (subtypeOf)")
                    .contains("warning: rule gateway names checksum, but testapp.fixtures.AbstractGateway#checksum(byte[])"
                            + " is native: it has no body to wrap, so it is NOT protected. Protect the Java method that calls it")
                    .doesNotContain("names *sum")
                    .contains("none of the methods it declares with a body to wrap match");
        }

        /** Audit: a rule whose exclude removed every method it takes was said to match none with its methods list. */
        @Test
        void aRuleWhoseExcludeRemovesEveryMethodSaysSoNotThatMethodsMatchedNothing() throws IOException {
            Path policy = policy("""
                      - name: named
                        match: { class: testapp.LegacyClient, methods: ["get*"], exclude: ["get*"] }
                      - name: defaults
                        match: { class: testapp.AsyncClient, exclude: ["*"] }
                      - name: unmatched
                        match: { class: testapp.LegacyClient, methods: ["put*"], exclude: [get] }
                    """);

            Run run = explain(policy);

            assertThat(run.out())
                    .contains("rule named matches no method on this class path: class testapp.LegacyClient is selected, but"
                            + " exclude [get*] removes every method that matches methods [get*]; shorten exclude")
                    .contains("rule defaults matches no method on this class path: class testapp.AsyncClient is selected, but"
                            + " exclude [*] removes every method that the rule takes by default (public, non-static,"
                            + " declared); shorten exclude")
                    .contains("rule unmatched matches no method on this class path: class testapp.LegacyClient is selected,"
                            + " but none of the methods it declares with a body to wrap match methods [put*]");
        }

        /** Audit: onStatus on methods that return no response did nothing, and nothing said so. */
        @Test
        void onStatusThatNoMatchedMethodCanReadIsAWarning() throws IOException {
            Path policy = policy("""
                      - name: legacy
                        match: { class: testapp.LegacyClient }
                        retry: { onStatus: [503] }
                      - name: jdk
                        match: { class: testapp.JdkClient }
                        retry: { onStatus: [503] }
                    """);

            Run run = explain(policy);

            assertThat(run.out()).contains(policy + ":5:24: warning: retry.onStatus of rule legacy has no effect: none"
                    + " of the methods it matches returns an HTTP response")
                    .doesNotContain("rule jdk has no effect");
            assertThat(explain(policy, "--strict").exit()).isEqualTo(1);
        }

        @Test
        void onStatusFromDefaultsIsMeantForSomeRulesOnly() throws IOException {
            Path policy = Files.writeString(dir.resolve("defaults-status.yaml"), """
                    version: 1
                    defaults:
                      retry: { onStatus: [503] }
                    rules:
                      - name: legacy
                        match: { class: testapp.LegacyClient }
                    """);

            assertThat(explain(policy, "--strict").out()).contains("onStatus=[503]").doesNotContain("has no effect");
        }

        @Test
        void anInheritedAnnotationsSubclassesThatTheRuleLeavesOutAreNamed() throws IOException {
            Path policy = policy("""
                      - name: gateways
                        match: { annotatedWith: testapp.inherited.Protected }
                    """);

            Run run = explain(policy);

            assertThat(run.out()).contains("  testapp.inherited.Gateway#call(java.lang.String)  [handoff]")
                    .doesNotContain("RetryingGateway#").doesNotContain("PlainGateway")
                    .contains(policy + ":4:12: warning: rule gateways: testapp.inherited.Protected is @Inherited, but"
                            + " annotatedWith selects only classes that carry it themselves, so 1 subclass of the classes it"
                            + " selects is left unprotected: testapp.inherited.RetryingGateway. Annotate them too, or match"
                            + " the hierarchy with subtypeOf");
            assertThat(explain(policy, "--strict").exit()).isEqualTo(1);
        }

        @Test
        void anAnnotationThatIsNotInheritedLeavesSubclassesOutWithoutAWord() throws IOException {
            Run run = explain(policy("""
                      - name: audited
                        match: { annotatedWith: testapp.inherited.Audited }
                    """), "--strict");

            assertThat(run.out()).contains("  testapp.inherited.Gateway#call(java.lang.String)  [handoff]")
                    .doesNotContain("RetryingGateway").doesNotContain("@Inherited");
            assertThat(run.exit()).as(run.out()).isZero();
        }

        /** Audit: a rule naming a JDK class was told "there is no class java.util.ArrayList on it". */
        @ParameterizedTest
        @ValueSource(strings = {"java.util.ArrayList", "java.**.*List", "kotlin.collections.*"})
        void aClassThatTheAgentNeverInstrumentsIsSaidToBeOne(String type) throws IOException {
            Path policy = policy("""
                      - name: jdk
                        match: { class: "%s" }
                    """.formatted(type));

            Run run = explain(policy);

            assertThat(run.out()).contains(policy + ":4:12: warning: rule jdk matches no method on this class path: " + type
                    + " is in a package the agent never instruments (the JDK's, the XML APIs', its own, other agents',"
                    + " the Kotlin and Scala runtimes'); match the application's own class that makes the calls instead");
        }

        @Test
        void aClassInTheWrongPackageIsFoundBySimpleName() throws IOException {
            Run run = explain(policy("""
                      - name: store
                        match: { class: testapp.DiskStore }
                    """));

            assertThat(run.out()).contains("did you mean testapp.fixtures.DiskStore?");
        }

        @Test
        void aNamedMethodTheClassOnlyInheritsIsAWarning() throws IOException {
            Path policy = policy("""
                      - name: cached
                        match:
                          class: testapp.fixtures.CachedDiskStore
                          methods: [put, cached]
                    """);

            Run run = explain(policy);

            assertThat(run.out()).contains(policy + ":6:17: warning: rule cached names put, which"
                    + " testapp.fixtures.CachedDiskStore only inherits from testapp.fixtures.DiskStore: methods are matched"
                    + " where they are declared, so it is NOT wrapped. Name testapp.fixtures.DiskStore in match, or use"
                    + " subtypeOf");
            assertThat(run.exit()).isZero();
        }

        /** Regression (audit): the advice was to use subtypeOf, which the rule did, and which cannot select an abstract type. */
        @Test
        void aMethodInheritedFromAnAbstractTypeIsAWarningWithAdviceThatCanWork() throws IOException {
            Path policy = policy("""
                      - name: gateway
                        match:
                          subtypeOf: testapp.fixtures.AbstractGateway
                          methods: [send, ping]
                    """);

            Run run = explain(policy);

            assertThat(run.out()).contains("rule gateway names ping, which testapp.fixtures.HttpGateway only inherits from"
                    + " testapp.fixtures.AbstractGateway: methods are matched where they are declared, so it is NOT wrapped."
                    + " Match testapp.fixtures.AbstractGateway itself (class: testapp.fixtures.AbstractGateway): subtypeOf"
                    + " selects a type itself only when it is concrete, and testapp.fixtures.AbstractGateway is abstract");
            assertThat(run.out()).contains("testapp.fixtures.HttpGateway#send(java.lang.String)");
        }

        /** Regression (audit): the advice was to name java.lang.Object in match, which the agent never instruments. */
        @Test
        void aNamedMethodInheritedFromTheJdkIsAWarningWithAdviceThatCanWork() throws IOException {
            Path policy = policy("""
                      - name: cached
                        match:
                          class: testapp.fixtures.CachedDiskStore
                          methods: [cached, notify]
                    """);

            Run run = explain(policy);

            assertThat(run.out()).contains("which testapp.fixtures.CachedDiskStore only inherits from java.lang.Object:"
                    + " methods are matched where they are declared, so it is NOT wrapped. The agent never instruments"
                    + " java.lang.Object: override the method in testapp.fixtures.CachedDiskStore to have it wrapped, or"
                    + " leave it out of the rule");
        }

        @Test
        void aNamedMethodThatDoesNotExistGetsASuggestion() throws IOException {
            Run run = explain(policy("""
                      - name: legacy
                        match: { class: testapp.LegacyClient, methods: [get, lenght] }
                    """));

            assertThat(run.out()).contains("names lenght, which testapp.LegacyClient neither declares nor inherits;"
                    + " did you mean length?");
        }

        @Test
        void aSubtypeOfWithoutImplementationsSaysSo() throws IOException {
            Run run = explain(policy("""
                      - name: nothing
                        match: { subtypeOf: java.util.concurrent.Flow$Subscriber }
                    """));

            assertThat(run.out()).contains("no class on it extends or implements java.util.concurrent.Flow$Subscriber");
        }

        @Test
        void exceptionNamesThatExistNowhereAreWarnings() throws IOException {
            Run run = explain(policy("""
                      - name: legacy
                        match: { class: testapp.LegacyClient, methods: [get] }
                        retry: { retryOn: [javax.net.ssl.SSLHandshakeExcepton] }
                    """));

            assertThat(run.out()).contains("retryOn names javax.net.ssl.SSLHandshakeExcepton, which is neither on the class path"
                    + " nor in the JDK");
        }

        @Test
        void aMissingClassPathEntryIsAWarning() throws IOException {
            Run run = explainOn(testClasses() + ":" + dir.resolve("missing.jar"), policy("""
                      - name: legacy
                        match: { class: testapp.LegacyClient, methods: [get] }
                    """));

            assertThat(run.out()).contains("warning: class path entry " + dir.resolve("missing.jar") + ": no such file");
        }

        /** Audit: the header read "against 0 classes in " when no entry could be read. */
        @Test
        void theHeaderSaysWhenNoEntryCouldBeRead() throws IOException {
            Path policy = policy("""
                      - name: legacy
                        match: { class: testapp.LegacyClient, methods: [get] }
                    """);
            Run run = explainOn(dir.resolve("missing.jar").toString(), policy);

            assertThat(run.lines().get(0)).isEqualTo(policy + ": 1 rule against 0 classes in no readable class-path entry");
            assertThat(run.out()).contains(policy + ": warning: class path entry " + dir.resolve("missing.jar") + ": no such file");
        }

        /** Regression (audit): said "no such file" of an entry that exists. */
        @Test
        void anEntryThatIsNeitherAJarNorADirectoryIsAWarningSayingSo() throws IOException {
            Run run = explainOn(testClasses() + ":/dev/null", policy("""
                      - name: legacy
                        match: { class: testapp.LegacyClient, methods: [get] }
                    """));

            assertThat(run.out()).contains("warning: class path entry /dev/null: not a jar or a directory");
            assertThat(run.exit()).isZero();
        }
    }
}
