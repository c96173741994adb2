package dev.resilience.agent.policy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.resolver.CoreScalarResolver;
import org.snakeyaml.engine.v2.resolver.ScalarResolver;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link CoreTags} resolves exactly as snakeyaml-engine's core schema does. */
class CoreTagsTest {
    private static final ScalarResolver CORE = new CoreScalarResolver(true); // as CoreSchema makes it

    @Test
    void everyShortValueOfTheRelevantCharactersGetsTheCoreSchemasTag() {
        String alphabet = "-+.0178aefinoxtTFNlsuAE_~ ";
        List<String> values = new ArrayList<>(List.of("", "true", "True", "TRUE", "tRUE", "false", "False", "FALSE",
                "null", "Null", "NULL", "~", "nul", "nulls", ".inf", "-.inf", "+.Inf", ".INF", "-.INF", ".nan", ".NaN",
                ".NAN", "-.nan", "1e5", "1E+5", "1e-05", "1.", "1.5", ".5", "+.5e-3", "-1", "+1", "0o17", "0o8", "0x1F",
                "0xg", "0x", "0o", "1_000", "12345678901234567890", "1.2.3", "1e", "e1", "10s", "500ms", "50%"));
        addAll(values, "", alphabet, 4);
        int compared = 0;
        for (String value : values) {
            if (value.startsWith("$") || value.startsWith("<")) {
                continue;
            }
            assertThat(CoreTags.of(value)).as("\"%s\"", value).isEqualTo(CORE.resolve(value, true));
            compared++;
        }
        assertThat(compared).isGreaterThan(400_000);
    }

    @Test
    void leavesEnvironmentReferencesAndMergeKeysToSnakeYaml() {
        assertThat(CoreTags.of("${HOME}")).isNull();
        assertThat(CoreTags.of("<<")).isNull();
    }

    private static void addAll(List<String> values, String prefix, String alphabet, int length) {
        if (length == 0) {
            return;
        }
        for (int i = 0; i < alphabet.length(); i++) {
            String value = prefix + alphabet.charAt(i);
            values.add(value);
            addAll(values, value, alphabet, length - 1);
        }
    }
}
