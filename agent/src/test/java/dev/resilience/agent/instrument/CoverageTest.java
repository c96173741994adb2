package dev.resilience.agent.instrument;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CoverageTest {

    @Test
    void namesEachRulesMethodsInFileOrderWithRulesThatMatchedNothing() {
        Map<String, List<String>> methods = new LinkedHashMap<>();
        methods.put("legacy", List.of("LegacyClient#get(String)", "LegacyClient#put(String,byte[])"));
        methods.put("unchecked", List.of("UncheckedClient#fetch()"));
        methods.put("typo", List.of());

        assertThat(Coverage.describeMethods(methods)).isEqualTo(
                "legacy 2 methods (LegacyClient#get(String), LegacyClient#put(String,byte[])),"
                        + " unchecked 1 method (UncheckedClient#fetch()), typo 0 methods");
    }

    /**
     * Proxies audit: a class defined by two loaders was listed twice, and counted as two methods.
     * Review: classes of two packages with one simple name are two methods, not one.
     */
    @Test
    void aMethodTwoClassLoadersDefinedIsNamedOnce() {
        List<String> sorted = List.of("A#a()\u0000p.A#a()", "Client#get(String)\u0000a.Client#get(java.lang.String)",
                "Client#get(String)\u0000b.Client#get(java.lang.String)", "LegacyClient#get(String)\u0000p.LegacyClient#get(java.lang.String)",
                "LegacyClient#get(String)\u0000p.LegacyClient#get(java.lang.String)", "Z#z()\u0000p.Z#z()");

        assertThat(Coverage.oncePerMethod(sorted)).containsExactly("A#a()", "a.Client#get(java.lang.String)",
                "b.Client#get(java.lang.String)", "LegacyClient#get(String) (in 2 class loaders)", "Z#z()");
    }

    @Test
    void aRuleWithManyMethodsNamesTheFirstTenAndCountsTheRest() {
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < 13; i++) {
            labels.add(String.format("C%02d#op()", i));
        }

        String text = Coverage.describeMethods(Map.of("wide", labels));

        assertThat(text).startsWith("wide 13 methods (C00#op(), C01#op(), ").contains("C09#op()").doesNotContain("C10#op()")
                .endsWith(" and 3 more; log=debug lists each)");
    }

    /** Fuzz audit: a policy of 1,415 rules made a start-up line of 30 KB. */
    @Test
    void aPolicyWithManyRulesNamesTheFirstFiftyAndCountsTheRest() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        Map<String, List<String>> methods = new LinkedHashMap<>();
        for (int i = 0; i < 60; i++) {
            counts.put("r" + i, i < 55 ? 0 : 2);
            methods.put("r" + i, i < 55 ? List.of() : List.of("A#a()", "A#b()"));
        }

        assertThat(Coverage.describe(counts)).startsWith("r0 0 methods, r1 0 methods, ")
                .endsWith(", r49 0 methods and 10 more rules with 10 methods").doesNotContain("r50");
        assertThat(Coverage.describeMethods(methods)).startsWith("r0 0 methods, ")
                .endsWith(", r49 0 methods and 10 more rules with 10 methods").doesNotContain("r50");
        counts.remove("r59");
        counts.put("r59", 1);
        assertThat(Coverage.describe(counts)).endsWith(" and 10 more rules with 9 methods");
        for (int i = 51; i < 60; i++) {
            counts.remove("r" + i);
            methods.remove("r" + i);
        }
        assertThat(Coverage.describe(counts)).endsWith(", r49 0 methods and 1 more rule with 0 methods");
        assertThat(Coverage.describeMethods(methods)).endsWith(", r49 0 methods and 1 more rule with 0 methods");
    }

    @Test
    void aPolicyWithoutRulesSaysSo() {
        assertThat(Coverage.describeMethods(Map.of())).isEqualTo("no rules");
    }
}
