package dev.resilience.agent.matching;

import dev.resilience.agent.policy.Match;
import dev.resilience.agent.policy.Policy;

import java.util.ArrayList;
import java.util.List;

/**
 * Decides which rules select a class, cheapest test first: ignored packages, then class-name
 * prefixes, then (only when a {@code subtypeOf} or {@code annotatedWith} rule exists) a parse of
 * the class-file header. Never loads a class and never throws: a class it cannot read is simply
 * not matched. Thread-safe.
 */
public final class PolicyMatcher {
    private static final String[] IGNORED = {
        "java.", "javax.", "jdk.", "sun.", "com.sun.", "org.ietf.", "org.w3c.", "org.xml.",
        "dev.resilience.agent.", "net.bytebuddy.", "io.opentelemetry.javaagent.", "co.elastic.apm.",
        "datadog.", "com.newrelic.", "org.glowroot.", "org.jacoco.", "kotlin.", "scala.",
    };

    private final List<RuleSelector> selectors;
    private final boolean needsHeader;
    private final TypeHierarchy hierarchy = new TypeHierarchy();

    public PolicyMatcher(Policy policy) {
        List<RuleSelector> list = new ArrayList<>();
        for (int i = 0; i < policy.rules().size(); i++) {
            list.add(new RuleSelector(policy.rules().get(i), i));
        }
        this.selectors = List.copyOf(list);
        boolean header = false;
        for (RuleSelector selector : selectors) { // a loop, not a stream: built in premain (issue 8)
            header |= selector.kind() != Match.Kind.CLASS;
        }
        this.needsHeader = header;
    }

    public List<RuleSelector> selectors() {
        return selectors;
    }

    /** True for packages the agent never instruments: the JDK, itself and other agents. */
    public static boolean isIgnored(String className) {
        for (String prefix : IGNORED) {
            if (className.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The rules (in file order) whose type selector picks this class.
     *
     * @param bytes the class file, needed only by {@code subtypeOf}/{@code annotatedWith} rules
     */
    public List<RuleSelector> select(ClassLoader loader, String className, byte[] bytes) {
        if (isIgnored(className)) {
            return List.of();
        }
        List<RuleSelector> selected = null;
        ClassFile header = null;
        boolean headerFailed = false;
        for (RuleSelector selector : selectors) {
            boolean matches;
            if (selector.kind() == Match.Kind.CLASS) {
                matches = className.startsWith(selector.classPrefix()) && selector.matchesClassName(className);
            } else {
                if (bytes == null || headerFailed) {
                    continue;
                }
                if (selector.kind() == Match.Kind.ANNOTATED_WITH
                        && !ClassFile.mentionsDescriptor(bytes, selector.typeName())) {
                    continue;
                }
                try {
                    if (header == null) {
                        header = ClassFile.parse(bytes);
                    }
                    matches = selector.kind() == Match.Kind.ANNOTATED_WITH
                            ? header.annotations().contains(selector.typeName()) && !header.isInterface()
                            : selectsAsSubtype(loader, header, selector.typeName());
                } catch (RuntimeException | LinkageError | StackOverflowError unreadable) {
                    // A class (or supertype) we cannot read is not selected by its bytes; name rules still apply.
                    headerFailed = true;
                    continue;
                }
            }
            if (matches) {
                if (selected == null) {
                    selected = new ArrayList<>(2);
                }
                selected.add(selector);
            }
        }
        return selected == null ? List.of() : selected;
    }

    private boolean selectsAsSubtype(ClassLoader loader, ClassFile header, String target) {
        if (header.isInterface() || (header.access() & ClassFile.ACC_ANNOTATION) != 0) {
            return false;
        }
        if (header.name().equals(target)) {
            return !header.isAbstract(); // the named type itself only when concrete
        }
        return hierarchy.isSubtype(loader, header, target);
    }

    /** True when some rule could select a class of this name without reading its bytes. */
    public boolean needsBytes() {
        return needsHeader;
    }
}
