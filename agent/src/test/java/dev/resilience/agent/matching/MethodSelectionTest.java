package dev.resilience.agent.matching;

import dev.resilience.agent.policy.LoadResult;
import dev.resilience.agent.policy.PolicyLoader;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Modifier;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MethodSelectionTest {
    private static final int PUBLIC = Modifier.PUBLIC;

    private static List<RuleSelector> selectors(String rules) {
        LoadResult result = PolicyLoader.parse("version: 1\nrules:\n" + rules, "test.yaml");
        assertThat(result.errors()).isEmpty();
        return new PolicyMatcher(result.policy()).selectors();
    }

    private static DeclaredMethod method(String name, int modifiers, String... parameters) {
        return new DeclaredMethod(name, "()V", List.of(parameters), "void", List.of(), modifiers, false);
    }

    @Test
    void theFirstRuleInFileOrderWinsAndTheOthersAreReported() {
        List<RuleSelector> selectors = selectors("""
                  - name: first
                    match: { class: a.B }
                  - name: second
                    match: { class: a.B, methods: [get] }
                """);

        List<MethodSelection.Selected> selected = MethodSelection.select(selectors,
                List.of(method("get", PUBLIC, "java.lang.String"), method("put", PUBLIC)));

        assertThat(selected).hasSize(2);
        assertThat(selected.get(0).rule().rule().name()).isEqualTo("first");
        assertThat(selected.get(0).others()).extracting(s -> s.rule().name()).containsExactly("second");
        assertThat(selected.get(1).method().name()).isEqualTo("put");
        assertThat(selected.get(1).others()).isEmpty();
    }

    @Test
    void theDefaultSetLeavesOutNonPublicStaticAndObjectMethodsButNamedOnesAreTakenWhateverTheirVisibility() {
        List<RuleSelector> byDefault = selectors("  - name: r\n    match: { class: a.B }\n");
        List<RuleSelector> named = selectors("  - name: r\n    match: { class: a.B, methods: [helper] }\n");
        List<DeclaredMethod> methods = List.of(method("helper", Modifier.PRIVATE), method("of", PUBLIC | Modifier.STATIC),
                method("toString", PUBLIC), method("call", PUBLIC),
                new DeclaredMethod("call", "()Ljava/lang/Object;", List.of(), "java.lang.Object", List.of(), PUBLIC, true));

        assertThat(MethodSelection.select(byDefault, methods)).extracting(s -> s.method().name()).containsExactly("call");
        assertThat(MethodSelection.select(named, methods)).extracting(s -> s.method().name()).containsExactly("helper");
    }

    @Test
    void explicitEntriesWithoutADeclaredMatchAreReportedButGlobsAreNot() {
        List<RuleSelector> selectors = selectors("""
                  - name: r
                    match: { class: a.B, methods: [get, "upload(java.lang.String)", "find*", missing] }
                """);

        List<MethodFilter> missing = MethodSelection.explicitWithoutMatch(selectors.get(0),
                List.of(method("get", PUBLIC), method("upload", PUBLIC, "byte[]")));

        assertThat(missing).extracting(f -> f.source().text()).containsExactly("upload(java.lang.String)", "missing");
    }
}
