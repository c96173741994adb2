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

    @Test
    void aPolicyWithoutRulesSaysSo() {
        assertThat(Coverage.describeMethods(Map.of())).isEqualTo("no rules");
    }
}
