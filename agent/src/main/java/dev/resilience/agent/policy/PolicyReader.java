package dev.resilience.agent.policy;

import dev.resilience.agent.policy.Section.Origin;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Validates a composed policy document and builds the {@link Policy}, each rule carrying its merged
 * settings. Every problem is reported; the policy is returned only when there is none. Not thread-safe:
 * one reader per load.
 */
final class PolicyReader {
    static final List<String> TOP_KEYS = List.of("version", "defaults", "rules");
    static final List<String> DEFAULTS_KEYS = List.of("mode", "retry", "timeout", "circuitBreaker", "bulkhead", "onFailure");
    static final List<String> RULE_KEYS = List.of(
            "name", "match", "mode", "retry", "timeout", "circuitBreaker", "bulkhead", "fallback", "onFailure");
    static final List<String> MODES = List.of("enforce", "observe");

    private final Problems problems;
    private final Values values;
    private final ClassLoader jdkClasses;
    private final List<RuleMatch> matches = new ArrayList<>();
    private Aliases aliases;

    PolicyReader(Problems problems, ClassLoader jdkClasses) {
        this.problems = problems;
        this.values = new Values(problems);
        this.jdkClasses = jdkClasses;
    }

    /** The settings one mapping ({@code defaults} or a rule) writes, before merging. */
    private record Layer(Rule.Mode mode, Section retry, Section timeout, Section breaker, Section bulkhead, Section onFailure) {
        static final Layer NONE = new Layer(null, Section.ABSENT, Section.ABSENT, Section.ABSENT, Section.ABSENT, Section.ABSENT);
    }

    Optional<Policy> read(Node root) {
        aliases = Aliases.of(root);
        if (!(root instanceof MappingNode mapping)) {
            return values.fail(root, "the file", "a mapping with `version: 1` and `rules`");
        }
        Map<String, NodeTuple> entries = YamlNodes.entries(mapping, "", problems);
        for (Map.Entry<String, NodeTuple> e : entries.entrySet()) {
            if (!TOP_KEYS.contains(e.getKey())) {
                Keys.unknown(problems, e.getValue(), e.getKey(), "the top level", TOP_KEYS);
            }
        }
        readVersion(entries.get("version"), root);
        Layer defaults = Layer.NONE;
        if (entries.containsKey("defaults")) {
            defaults = readDefaults(entries.get("defaults").getValueNode());
        }
        List<Rule> rules = readRules(entries.get("rules"), root, defaults);
        return problems.isEmpty() ? Optional.of(new Policy(problems.file(), 1, rules)) : Optional.empty();
    }

    /** The name and match of every rule that has both readable, whether the policy is valid or not. */
    List<RuleMatch> matches() {
        return matches;
    }

    private void readVersion(NodeTuple version, Node root) {
        if (version == null) {
            problems.add(root, "missing `version: 1`; put it on the first line of the policy");
            return;
        }
        Node value = version.getValueNode();
        // Plain Optional code rather than lambdas throughout: this runs in premain (issue 8).
        Optional<BigInteger> number = YamlNodes.integer(value);
        if (number.isEmpty() || !BigInteger.ONE.equals(number.get())) {
            values.fail(value, "version", "1 (the only policy version this agent reads)");
        }
    }

    private Layer readDefaults(Node node) {
        if (YamlNodes.isNull(node)) {
            return Layer.NONE; // `defaults:` with nothing under it sets nothing
        }
        if (!(node instanceof MappingNode mapping)) {
            values.fail(node, "defaults", "a mapping of settings shared by every rule, such as { retry: { maxAttempts: 3 } }");
            return Layer.NONE;
        }
        Map<String, NodeTuple> entries = YamlNodes.entries(mapping, "defaults", problems);
        for (Map.Entry<String, NodeTuple> e : entries.entrySet()) {
            String p = "defaults." + e.getKey();
            Node keyNode = e.getValue().getKeyNode();
            switch (e.getKey()) {
                case "mode", "retry", "timeout", "circuitBreaker", "bulkhead", "onFailure" -> { }
                case "name", "match" -> problems.add(keyNode, p + ": not allowed in defaults; every rule gives its own"
                        + " name and match: move it into a rule");
                case "fallback" -> problems.add(keyNode, p + ": not allowed in defaults; a fallback must fit the return"
                        + " type of the methods it replaces: give it in each rule that needs it");
                default -> Keys.unknown(problems, e.getValue(), p, "defaults", DEFAULTS_KEYS);
            }
        }
        // Values are checked here one by one; checks of values together (maxDelay >= delay) are made on each
        // rule's merged settings, as a rule may complete or override what `defaults` gives.
        return readLayer(entries, "defaults", Origin.DEFAULTS);
    }

    private Layer readLayer(Map<String, NodeTuple> entries, String path, Origin origin) {
        Rule.Mode mode = null;
        Section retry = Section.ABSENT;
        Section timeout = Section.ABSENT;
        Section breaker = Section.ABSENT;
        Section bulkhead = Section.ABSENT;
        Section onFailure = Section.ABSENT;
        for (Map.Entry<String, NodeTuple> e : entries.entrySet()) {
            Node value = e.getValue().getValueNode();
            String p = path + "." + e.getKey();
            switch (e.getKey()) {
                case "mode" -> {
                    Optional<String> chosen = values.choice(value, p, MODES);
                    mode = chosen.isPresent() ? Rule.Mode.valueOf(chosen.get().toUpperCase(Locale.ROOT)) : null;
                }
                case "retry" -> retry = RetrySection.read(value, p, origin, values);
                case "timeout" -> timeout = TimeoutSection.read(value, p, origin, values);
                case "circuitBreaker" -> breaker = BreakerSection.read(value, p, origin, values);
                case "bulkhead" -> bulkhead = BulkheadSection.read(value, p, origin, values);
                case "onFailure" -> onFailure = OnFailureSection.read(value, p, origin, values, jdkClasses);
                default -> { }
            }
        }
        return new Layer(mode, retry, timeout, breaker, bulkhead, onFailure);
    }

    private List<Rule> readRules(NodeTuple rules, Node root, Layer defaults) {
        if (rules == null) {
            problems.add(root, "missing `rules`: a list of rules, each with a name and a match");
            return List.of();
        }
        Node node = rules.getValueNode();
        if (!(node instanceof SequenceNode sequence)) {
            values.fail(node, "rules", "a list of rules (each item starts with `- name:`)");
            return List.of();
        }
        if (sequence.getValue().isEmpty()) {
            problems.add(node, "rules: the list is empty; a policy needs at least one rule");
            return List.of();
        }
        Map<String, Position> names = new HashMap<>();
        MergedProblems merged = new MergedProblems(problems);
        List<Rule> result = new ArrayList<>();
        for (int i = 0; i < sequence.getValue().size(); i++) {
            Optional<Rule> rule = readRule(sequence.getValue().get(i), i, defaults, names, merged);
            if (rule.isPresent()) {
                result.add(rule.get());
            }
        }
        merged.flush();
        return result;
    }

    private Optional<Rule> readRule(Node node, int index, Layer defaults, Map<String, Position> names, MergedProblems merged) {
        String path = "rules[" + index + "]";
        if (!(node instanceof MappingNode mapping)) {
            return values.fail(node, path, "a rule: a mapping with name, match and its settings");
        }
        Map<String, NodeTuple> entries = YamlNodes.entries(mapping, path, problems);
        String name = readName(entries.get("name"), node, index, names);
        Match match = null;
        FallbackSettings fallback = null;
        boolean ok = name != null;
        if (!entries.containsKey("match")) {
            problems.add(node, path + ": missing `match`, such as `match: { class: com.example.OllamaClient }`");
            ok = false;
        }
        for (Map.Entry<String, NodeTuple> e : entries.entrySet()) {
            Node value = e.getValue().getValueNode();
            String p = path + "." + e.getKey();
            switch (e.getKey()) {
                case "name", "mode", "retry", "timeout", "circuitBreaker", "bulkhead", "onFailure" -> { }
                case "match" -> {
                    match = MatchReader.read(value, p, values).orElse(null);
                    // overlaps with other rules are this rule's: placed where it takes its match, by an alias too
                    Optional<Aliases.Alias> alias = aliases.giving(index, "match", e.getValue());
                    if (match != null && alias.isPresent()) {
                        match = new Match(match.kind(), match.type(), match.methods(), match.exclude(), alias.get().at());
                    }
                    ok &= match != null;
                }
                case "fallback" -> {
                    fallback = FallbackReader.read(value, p, values).orElse(null);
                    ok &= fallback != null;
                }
                default -> ok &= Keys.unknown(problems, e.getValue(), p, "a rule", RULE_KEYS).isPresent();
            }
        }
        if (name != null && match != null) {
            matches.add(new RuleMatch(path, name, match));
        }
        Layer rule = readLayer(entries, path, Origin.RULE);
        MergedProblems.ForRule inRule = merged.forRule(path, name);
        Rule.Mode mode = rule.mode() != null ? rule.mode() : defaults.mode() != null ? defaults.mode() : BuiltInDefaults.MODE;
        Section retrySection = Section.merge(RetrySection.builtIn(), defaults.retry(), rule.retry());
        RetrySettings retry = RetrySection.effective(retrySection, inRule);
        TimeoutSettings timeout = TimeoutSection.effective(
                Section.merge(TimeoutSection.builtIn(), defaults.timeout(), rule.timeout()));
        Section breakerSection = Section.merge(BreakerSection.builtIn(), defaults.breaker(), rule.breaker(),
                BreakerSection.DROPPED_BY);
        BreakerSettings breaker = BreakerSection.effective(breakerSection, inRule);
        BulkheadSettings bulkhead = BulkheadSection.effective(
                Section.merge(Section.ABSENT, defaults.bulkhead(), rule.bulkhead()), inRule);
        Rule.OnFailure onFailure = OnFailureSection.effective(
                Section.merge(Section.ABSENT, defaults.onFailure(), rule.onFailure()));
        if (!ok) {
            return Optional.empty();
        }
        Position at = YamlNodes.position(node);
        List<Rule.NamedException> exceptionNames = new ArrayList<>();
        if (retry != null) {
            addExceptionNames(retrySection, "retryOn", at, exceptionNames);
            addExceptionNames(retrySection, "abortOn", at, exceptionNames);
        }
        if (breaker != null) {
            addExceptionNames(breakerSection, "ignoreOn", at, exceptionNames);
        }
        Section.Setting onStatus = retrySection.setting("onStatus");
        Position onStatusInRule = retry != null && !retry.onStatus().isEmpty() && onStatus != null
                && onStatus.origin() == Origin.RULE ? onStatus.position() : null;
        return Optional.of(new Rule(name, at, match, mode, retry, timeout, breaker, bulkhead, fallback, onFailure,
                exceptionNames, onStatusInRule));
    }

    /** The names of an effective class-name list, each with where it is written (a built-in one: at the rule). */
    @SuppressWarnings("unchecked")
    private void addExceptionNames(Section section, String key, Position rule, List<Rule.NamedException> into) {
        Section.Setting setting = section.setting(key);
        if (setting == null) {
            return;
        }
        List<String> names = (List<String>) setting.value();
        List<Position> written = values.entryPositions(setting.position());
        for (int i = 0; i < names.size(); i++) {
            Position position = i < written.size() ? written.get(i)
                    : setting.origin() == Origin.BUILT_IN ? rule : setting.position();
            into.add(new Rule.NamedException(key, names.get(i), position));
        }
    }

    private String readName(NodeTuple entry, Node rule, int index, Map<String, Position> names) {
        String path = "rules[" + index + "]";
        if (entry == null) {
            problems.add(rule, path + ": missing `name`, such as `name: ollama` (lower case letters, digits, - and _)");
            return null;
        }
        Node value = entry.getValueNode();
        Optional<String> name = YamlNodes.text(value);
        boolean valid = name.isPresent() && isRuleName(name.get());
        if (!valid) {
            values.fail(value, path + ".name", "a name of lower case letters, digits, - and _ that starts with a"
                    + " letter or digit, such as ollama or blob-store");
        }
        if (name.isEmpty()) {
            return null;
        }
        // Checked for invalid names too: every problem at once, not the duplicate only after the case is fixed.
        // A duplicate an alias makes (`- *r`, `name: *n`) is reported at the alias, not at the anchor it repeats.
        Optional<Aliases.Alias> alias = aliases.giving(index, "name", entry);
        Position at = alias.isPresent() ? alias.get().at() : YamlNodes.position(value);
        Position first = names.putIfAbsent(name.get(), at);
        if (first != null) {
            problems.add(at, path + ".name: duplicate rule name `" + name.get() + "` (first used at " + first
                    + (alias.isPresent() ? "; repeated here by the alias *" + alias.get().name() + " of the anchor at "
                    + alias.get().anchorAt() : "") + "); names must be unique, they tag the metrics");
            return null;
        }
        return valid ? name.get() : null;
    }

    /** {@code [a-z0-9][a-z0-9_-]*}, checked by hand: no regular expression is compiled in premain (issue 8). */
    static boolean isRuleName(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean allowed = c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || i > 0 && (c == '-' || c == '_');
            if (!allowed) {
                return false;
            }
        }
        return !name.isEmpty();
    }
}
