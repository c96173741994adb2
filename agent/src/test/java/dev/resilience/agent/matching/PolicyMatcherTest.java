package dev.resilience.agent.matching;

import dev.resilience.agent.policy.LoadResult;
import dev.resilience.agent.policy.PolicyLoader;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Map;

import testapp.fixtures.Annotated;
import testapp.fixtures.BaseStore;
import testapp.fixtures.DiskStore;
import testapp.fixtures.Resilient;
import testapp.fixtures.Store;

import static org.assertj.core.api.Assertions.assertThat;

class PolicyMatcherTest {
    private static PolicyMatcher matcher(String rules) {
        LoadResult result = PolicyLoader.parse("version: 1\nrules:\n" + rules, "test.yaml");
        assertThat(result.errors()).isEmpty();
        return new PolicyMatcher(result.policy());
    }

    private static List<String> select(PolicyMatcher matcher, Class<?> type) throws IOException {
        return matcher.select(type.getClassLoader(), type.getName(), ClassFileTest.bytesOf(type)).stream()
                .map(selector -> selector.rule().name()).toList();
    }

    @Test
    void subtypeOfSelectsIndirectImplementationsButNotTheInterface() throws IOException {
        PolicyMatcher matcher = matcher("  - name: store\n    match: { subtypeOf: " + Store.class.getName() + " }\n");
        assertThat(select(matcher, DiskStore.class)).containsExactly("store");
        assertThat(select(matcher, BaseStore.class)).containsExactly("store");
        assertThat(select(matcher, Store.class)).isEmpty();
        assertThat(select(matcher, Annotated.class)).isEmpty();
    }

    @Test
    void aJdkSupertypeIsReadOnlyWhenARuleNamesAJdkType() {
        Map<String, byte[]> classes = Map.of("a.Tasks", OddClassMatchingTest.classFile("a.Tasks", "java.util.AbstractList"));
        TypeHierarchyTest.CountingLoader loader = new TypeHierarchyTest.CountingLoader(classes);

        PolicyMatcher application = matcher("  - name: store\n    match: { subtypeOf: " + Store.class.getName() + " }\n");
        assertThat(application.select(loader, "a.Tasks", classes.get("a.Tasks"))).isEmpty();
        assertThat(loader.reads("java.util.AbstractList")).isZero();

        PolicyMatcher jdk = matcher("  - name: lists\n    match: { subtypeOf: java.util.Collection }\n");
        assertThat(jdk.select(loader, "a.Tasks", classes.get("a.Tasks"))).extracting(selector -> selector.rule().name())
                .containsExactly("lists");
        assertThat(loader.reads("java.util.AbstractList")).isEqualTo(1);
    }

    /**
     * An abstract base the matcher saw defined is known without reading its class file again: here
     * the loader cannot even find it, and the class below it is still selected.
     */
    @Test
    void aBaseSeenWhileItLoadedSelectsItsSubclassesWithoutBeingRead() {
        byte[] base = TypeHierarchyTest.abstractType("a.RemoteBase", "java.lang.Object", Store.class.getName());
        byte[] client = OddClassMatchingTest.classFile("a.Client", "a.RemoteBase");
        TypeHierarchyTest.CountingLoader loader = new TypeHierarchyTest.CountingLoader(Map.of("a.Client", client));
        PolicyMatcher matcher = matcher("  - name: store\n    match: { subtypeOf: " + Store.class.getName() + " }\n");

        assertThat(matcher.select(loader, "a.RemoteBase", base)).extracting(selector -> selector.rule().name())
                .containsExactly("store");
        assertThat(matcher.select(loader, "a.Client", client)).extracting(selector -> selector.rule().name())
                .containsExactly("store");
        assertThat(loader.reads("a.RemoteBase")).isZero();

        PolicyMatcher fresh = matcher("  - name: store\n    match: { subtypeOf: " + Store.class.getName() + " }\n");
        assertThat(fresh.select(loader, "a.Client", client)).as("a matcher that never saw the base").isEmpty();
    }

    @Test
    void theJdkLanguageRuntimesAndOtherAgentsAreNeverSelectedEvenByACatchAllGlob() {
        PolicyMatcher matcher = matcher("  - name: all\n    match: { class: \"**\" }\n");
        for (String ignored : List.of("java.util.ArrayList", "javax.net.ssl.SSLContext", "jdk.internal.misc.Unsafe",
                "sun.misc.Unsafe", "com.sun.net.httpserver.HttpServer", "org.w3c.dom.Node", "kotlin.collections.ArraysKt",
                "scala.Option", "net.bytebuddy.ByteBuddy", "dev.resilience.agent.Bootstrap",
                "io.opentelemetry.javaagent.bootstrap.Agent", "datadog.trace.Tracer", "co.elastic.apm.agent.Agent",
                "org.jacoco.agent.rt.RT", "org.jcp.xml.dsig.internal.dom.XMLDSigRI", "netscape.javascript.JSObject")) {
            assertThat(PolicyMatcher.isIgnored(ignored)).as(ignored).isTrue();
            assertThat(matcher.select(null, ignored, null)).as(ignored).isEmpty();
        }
        assertThat(PolicyMatcher.isIgnored("com.example.javax.Client")).isFalse();
        assertThat(PolicyMatcher.isIgnored("io.example.Client")).isFalse();
        assertThat(PolicyMatcher.isIgnored("gen.m00.Component1")).as("no ignored package starts with 'g'").isFalse();
        assertThat(PolicyMatcher.isIgnored("")).isFalse();
        assertThat(PolicyMatcher.isIgnored("über.Client")).isFalse();
        // what Byte Buddy generates for JDK types is the application's code
        assertThat(PolicyMatcher.isIgnored("net.bytebuddy.renamed.java.lang.Object$ByteBuddy$abc")).isFalse();
        assertThat(matcher.select(null, "com.example.Client", null)).hasSize(1);
    }

    @Test
    void annotatedWithSelectsByClassLevelAnnotation() throws IOException {
        PolicyMatcher matcher = matcher("  - name: marked\n    match: { annotatedWith: " + Resilient.class.getName() + " }\n");
        assertThat(select(matcher, Annotated.class)).containsExactly("marked");
        assertThat(select(matcher, DiskStore.class)).isEmpty();
    }

    @Test
    void rulesComeBackInFileOrder() throws IOException {
        PolicyMatcher matcher = matcher("""
                  - name: second-by-name
                    match: { class: "testapp.fixtures.*" }
                  - name: first-by-type
                    match: { subtypeOf: %s }
                """.formatted(Store.class.getName()));
        assertThat(select(matcher, DiskStore.class)).containsExactly("second-by-name", "first-by-type");
    }

    /** Exact names are found by lookup and globs by a scan: the result must still be in file order. */
    @Test
    void anExactNameRuleAndAnEarlierGlobRuleComeBackInFileOrder() throws IOException {
        PolicyMatcher matcher = matcher("""
                  - name: glob-first
                    match: { class: "testapp.**.*Store" }
                  - name: exact-second
                    match: { class: %s }
                """.formatted(DiskStore.class.getName()));
        assertThat(select(matcher, DiskStore.class)).containsExactly("glob-first", "exact-second");

        PolicyMatcher reversed = matcher("""
                  - name: exact-first
                    match: { class: %s }
                  - name: glob-second
                    match: { class: "testapp.**.*Store" }
                """.formatted(DiskStore.class.getName()));
        assertThat(select(reversed, DiskStore.class)).containsExactly("exact-first", "glob-second");
    }

    @Test
    void everyKindOfRuleComesBackInFileOrderWhateverTheLookupFoundItBy() throws IOException {
        PolicyMatcher matcher = matcher("""
                  - name: by-interface
                    match: { subtypeOf: %1$s }
                  - name: unrelated
                    match: { class: "org.other.*" }
                  - name: by-name
                    match: { class: %2$s }
                  - name: by-base
                    match: { subtypeOf: %3$s }
                  - name: by-glob
                    match: { class: "testapp.fixtures.*" }
                  - name: by-itself
                    match: { subtypeOf: %2$s }
                  - name: same-interface-again
                    match: { subtypeOf: %1$s }
                """.formatted(Store.class.getName(), DiskStore.class.getName(), BaseStore.class.getName()));
        assertThat(select(matcher, DiskStore.class))
                .containsExactly("by-interface", "by-name", "by-base", "by-glob", "by-itself", "same-interface-again");
        assertThat(select(matcher, BaseStore.class)).as("abstract: not selected as itself")
                .containsExactly("by-interface", "by-glob", "same-interface-again");
    }

    @Test
    void annotationAndTypeRulesNamingTheSameTypeAreKeptApart() throws IOException {
        PolicyMatcher matcher = matcher("""
                  - name: annotated
                    match: { annotatedWith: %1$s }
                  - name: subtype-of-the-annotation
                    match: { subtypeOf: %1$s }
                """.formatted(Resilient.class.getName()));
        assertThat(select(matcher, Annotated.class)).containsExactly("annotated");
        assertThat(select(matcher, Resilient.class)).isEmpty();
    }

    @Test
    void theJdkAndTheAgentItselfAreNeverSelected() throws IOException {
        PolicyMatcher matcher = matcher("  - name: all\n    match: { class: \"**\" }\n");
        assertThat(select(matcher, String.class)).isEmpty();
        assertThat(select(matcher, PolicyMatcher.class)).isEmpty();
    }

    @Test
    void defaultMethodSetIsPublicInstanceMethodsExceptObjectOnes() {
        PolicyMatcher matcher = matcher("  - name: r\n    match: { class: a.B }\n");
        RuleSelector selector = matcher.selectors().get(0);
        assertThat(selector.selectsMethod("get", List.of(), Modifier.PUBLIC, false)).isTrue();
        assertThat(selector.selectsMethod("get", List.of(), Modifier.PRIVATE, false)).isFalse();
        assertThat(selector.selectsMethod("get", List.of(), Modifier.PUBLIC | Modifier.STATIC, false)).isFalse();
        assertThat(selector.selectsMethod("toString", List.of(), Modifier.PUBLIC, false)).isFalse();
        assertThat(selector.selectsMethod("get", List.of(), Modifier.PUBLIC, true)).isFalse();
        assertThat(selector.selectsMethod("<init>", List.of(), Modifier.PUBLIC, false)).isFalse();
        assertThat(selector.selectsMethod("get", List.of(), Modifier.PUBLIC | Modifier.ABSTRACT, false)).isFalse();
    }

    @Test
    void namedMethodsMatchWhateverTheirVisibilityAndPinnedParametersMustAgree() {
        PolicyMatcher matcher = matcher("""
                  - name: r
                    match:
                      class: a.B
                      methods: ["upload(java.lang.String,byte[])", "download*"]
                      exclude: [downloadAll]
                """);
        RuleSelector selector = matcher.selectors().get(0);
        assertThat(selector.selectsMethod("upload", List.of("java.lang.String", "byte[]"), Modifier.PRIVATE, false)).isTrue();
        assertThat(selector.selectsMethod("upload", List.of("java.lang.String"), Modifier.PUBLIC, false)).isFalse();
        assertThat(selector.selectsMethod("downloadOne", List.of("int"), Modifier.PUBLIC, false)).isTrue();
        assertThat(selector.selectsMethod("downloadAll", List.of(), Modifier.PUBLIC, false)).isFalse();
    }

    @Test
    void aClassSelectorInsidePackagesNeverInstrumentedIsToldApartFromOneThatMayMatch() {
        assertThat(onlyIgnored("class: java.util.ArrayList")).isTrue();
        assertThat(onlyIgnored("class: \"java.**.*Client\"")).isTrue();
        assertThat(onlyIgnored("class: \"javax.net.*\"")).isTrue();
        assertThat(onlyIgnored("class: \"**.*Client\"")).isFalse();
        assertThat(onlyIgnored("class: \"jav*.Client\"")).as("javafx.Client would be matched").isFalse();
        assertThat(onlyIgnored("class: com.example.Client")).isFalse();
        assertThat(onlyIgnored("subtypeOf: java.lang.Runnable")).as("selects the application's implementations").isFalse();
    }

    private static boolean onlyIgnored(String match) {
        LoadResult result = PolicyLoader.parse("version: 1\nrules:\n  - name: r\n    match: { " + match + " }\n", "p.yaml");
        assertThat(result.errors()).isEmpty();
        return PolicyMatcher.selectsOnlyIgnored(result.policy().rules().get(0).match());
    }
}
