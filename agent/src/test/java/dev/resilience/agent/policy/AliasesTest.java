package dev.resilience.agent.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.events.MappingEndEvent;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.parser.Parser;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;

/** What {@link Aliases} keeps of a document, and that it never fails one. */
class AliasesTest {
    private static Aliases of(String yaml) {
        Optional<Node> root = SafeYaml.composeAny(yaml, new Problems("p.yaml"));
        assertThat(root).isPresent();
        return Aliases.of(root.get());
    }

    /** Review: a path was kept for every node, and a valid 1 MB file of deep, long keys ran out of memory. */
    @Test
    void recordsTheRulesAndAnchorsNotEveryNode() {
        StringBuilder yaml = new StringBuilder("version: 1\nrules:\n  - &r { name: a, match: { class: com.example.A } }\n"
                + "  - *r\nx:\n");
        String indent = "  ";
        for (int depth = 0; depth < 30; depth++) {
            yaml.append(indent).append("k".repeat(200)).append(depth).append(":\n");
            indent += "  ";
        }
        yaml.append(indent).append("- [").append("{ a: 1, b: [2, 3] }, ".repeat(20_000)).append("]\n");

        // two rules and the anchor; the old per-node paths were over 100 000
        assertThat(of(yaml.toString()).recorded()).isEqualTo(3);
    }

    @Test
    void recordsOneEntryPerMergeSource() {
        assertThat(of("""
                version: 1
                rules:
                  - &r { name: a, match: &m { class: com.example.A, methods: [a, b, c] }, retry: { maxAttempts: 2 } }
                  - { <<: [*r, { name: b }], match: *m }
                """).recorded()).isEqualTo(2 + 3 + 2); // rules; the merge list, *r and { name: b }; r and m
    }

    /** A broken event stream (a bug here, not in the file) leaves positions at the anchor, as without aliases. */
    @Test
    void anEventItCannotPlaceTurnsItOff() {
        String yaml = "version: 1\nrules:\n  - &r { name: a, match: { class: com.example.A } }\n  - *r\n";
        Node root = SafeYaml.composeAny(yaml, new Problems("p.yaml")).orElseThrow();
        Aliases whole = fedWith(yaml);
        whole.attachTo(root);
        assertThat(Aliases.of(root)).as("the control: a document with an alias keeps its aliases").isSameAs(whole);

        Node other = SafeYaml.composeAny(yaml, new Problems("p.yaml")).orElseThrow();
        Aliases broken = fedWith(yaml);
        assertThatCode(() -> broken.event(new MappingEndEvent())).doesNotThrowAnyException();
        broken.attachTo(other);
        assertThat(Aliases.of(other)).isNotSameAs(broken);
    }

    private static Aliases fedWith(String yaml) {
        LoadSettings settings = LoadSettings.builder().build();
        Parser parser = new ParserImpl(settings, new StreamReader(settings, yaml));
        Aliases aliases = new Aliases();
        while (parser.hasNext()) {
            aliases.event(parser.next());
        }
        return aliases;
    }
}
