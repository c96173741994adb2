package dev.resilience.agent.policy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * {@link PlainYaml} must compose exactly what snakeyaml-engine composes whenever it composes at all:
 * checked over every policy the repository and its tests contain (files and text blocks) and over
 * variants of them with a line removed or a character inserted, which is where a hand-written
 * reader goes wrong.
 */
class PlainYamlTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void composesWhatSnakeYamlComposesForEveryKnownPolicyAndVariantsOfThem() throws IOException {
        List<String> corpus = corpus();
        assertThat(corpus).hasSizeGreaterThan(50);
        int plain = 0;
        int compared = 0;
        for (String text : corpus) {
            if (check(text)) {
                plain++;
            }
            compared++;
        }
        // the point of the class: the policies people write are plain
        assertThat(plain).as("plain policies among %d", compared).isGreaterThan(compared / 2);

        Random random = new Random(8);
        String inserts = " :-#\"'{}[],\t&*!|>?%@~\n0.x";
        int variants = 0;
        for (String text : corpus) {
            String[] lines = text.split("\n", -1);
            for (int drop = 0; drop < lines.length; drop++) {
                List<String> kept = new ArrayList<>(List.of(lines));
                kept.remove(drop);
                check(String.join("\n", kept));
                variants++;
            }
            for (int n = 0; n < 40 && !text.isEmpty(); n++) {
                int at = random.nextInt(text.length() + 1);
                char c = inserts.charAt(random.nextInt(inserts.length()));
                check(text.substring(0, at) + c + text.substring(at));
                variants++;
            }
        }
        assertThat(variants).isGreaterThan(1000);
    }

    @Test
    void declinesWhatItDoesNotKnow() {
        for (String text : List.of("", "# only a comment\n", "- a\n", "a\n", "  a: 1\n", "a: &x 1\nb: *x\n", "a: !!str 1\n",
                "a: |\n  text\n", "a: b\n  c\n", "a: \"\\t\"\n", "a:\n- b\n", "a: ${HOME}\n", "<<: {b: 1}\n", "a:\tb\n",
                "? a\n: b\n", "--- \na: 1\n", "a: [b,\n  c]\n", "a: {b: 1,}\n", "a: [b: c]\n", "a: b: c\n", "a: -\n")) {
            assertThat(PlainYaml.compose(text, "t.yaml")).as(text).isEmpty();
        }
    }

    @Test
    void composesTheUsualShapes() {
        String text = """
                version: 1
                # a comment
                defaults:
                  retry: { maxAttempts: 3, retryOn: [java.io.IOException, "x.Y"] }
                rules:
                  - name: a   # trailing comment
                    match:
                      class: com.example.A
                      methods: [get, 'it''s']
                    timeout: { duration: 1s, mode: interrupt }
                    retry:
                      maxAttempts: 2
                      jitter: 0.5
                      onStatus: []
                    fallback:
                  - name: b
                    match: { subtypeOf: x.B }
                    mode: observe
                """;
        assertThat(check(text)).isTrue();
    }

    /** Compares both composers on {@code text}; true when PlainYaml composed it. */
    private static boolean check(String text) {
        Optional<Node> plain = PlainYaml.compose(text, "t.yaml");
        if (plain.isEmpty()) {
            return false;
        }
        Problems problems = new Problems("t.yaml");
        Optional<Node> snake = SafeYaml.composeAny(text, problems);
        if (!problems.isEmpty() || snake.isEmpty()) {
            fail("PlainYaml composed what snakeyaml-engine rejects (" + problems.sorted() + "):\n" + text);
        }
        same(plain.get(), snake.get(), text);
        return true;
    }

    private static void same(Node plain, Node snake, String text) {
        String where = "in:\n" + text + "\nnode " + snake;
        assertThat(plain.getClass()).as(where).isEqualTo(snake.getClass());
        assertThat(plain.getTag()).as(where).isEqualTo(snake.getTag());
        assertThat(plain.getStartMark().get().getLine()).as(where).isEqualTo(snake.getStartMark().get().getLine());
        assertThat(plain.getStartMark().get().getColumn()).as(where).isEqualTo(snake.getStartMark().get().getColumn());
        assertThat(plain.getStartMark().get().getIndex()).as(where).isEqualTo(snake.getStartMark().get().getIndex());
        assertThat(plain.isRecursive()).as(where).isEqualTo(snake.isRecursive());
        if (snake instanceof ScalarNode s) {
            ScalarNode p = (ScalarNode) plain;
            assertThat(p.getValue()).as(where).isEqualTo(s.getValue());
            assertThat(p.getScalarStyle()).as(where).isEqualTo(s.getScalarStyle());
        } else if (snake instanceof MappingNode s) {
            MappingNode p = (MappingNode) plain;
            assertThat(p.getFlowStyle()).as(where).isEqualTo(s.getFlowStyle());
            assertThat(p.getValue()).as(where).hasSameSizeAs(s.getValue());
            for (int i = 0; i < s.getValue().size(); i++) {
                NodeTuple pt = p.getValue().get(i);
                NodeTuple st = s.getValue().get(i);
                same(pt.getKeyNode(), st.getKeyNode(), text);
                same(pt.getValueNode(), st.getValueNode(), text);
            }
        } else {
            SequenceNode s = (SequenceNode) snake;
            SequenceNode p = (SequenceNode) plain;
            assertThat(p.getFlowStyle()).as(where).isEqualTo(s.getFlowStyle());
            assertThat(p.getValue()).as(where).hasSameSizeAs(s.getValue());
            for (int i = 0; i < s.getValue().size(); i++) {
                same(p.getValue().get(i), s.getValue().get(i), text);
            }
        }
    }

    /** Every YAML file of the repository and every text block of the agent's tests that looks like a policy. */
    private static List<String> corpus() throws IOException {
        Set<String> texts = new LinkedHashSet<>();
        Pattern block = Pattern.compile("\"\"\"\\n(.*?)\"\"\"", Pattern.DOTALL);
        try (Stream<Path> files = Files.walk(ROOT)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String name = file.toString();
                if (name.contains("/target/") || name.contains("/.git/")) {
                    continue;
                }
                if (name.endsWith(".yaml") || name.endsWith(".yml")) {
                    texts.add(Files.readString(file, StandardCharsets.ISO_8859_1));
                } else if (name.endsWith(".java") && name.contains("/src/test/")) {
                    Matcher m = block.matcher(Files.readString(file));
                    while (m.find()) {
                        if (m.group(1).contains("version:") || m.group(1).contains("rules:")) {
                            texts.add(m.group(1).stripIndent());
                        }
                    }
                }
            }
        }
        return new ArrayList<>(texts);
    }
}
