package dev.resilience.agent.matching;

import dev.resilience.agent.policy.Match;
import dev.resilience.agent.policy.Policy;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Decides which rules select a class, in one pass over what is known about it: ignored packages
 * first, then its name (exact-name rules by lookup, globs by their literal runs before anything
 * costly), then, only when a {@code subtypeOf} or {@code annotatedWith} rule exists, one parse of
 * the class-file header, whose annotations and supertypes (closures cached per loader, see
 * {@link TypeHierarchy}) are looked up in the {@link RuleIndex}. The cost per class barely grows
 * with the number of rules that name types. Never loads a class and never throws, but for a
 * StackOverflowError (see {@link #select}): a class it cannot read is simply not matched by its
 * bytes. Thread-safe.
 */
public final class PolicyMatcher {
    /**
     * The application's own Byte Buddy, assembled at run time: the shade plugin rewrites string
     * constants naming a relocated package, and this one must keep naming the unrelocated library.
     */
    private static final String BYTE_BUDDY = String.join(".", "net", "bytebuddy") + ".";
    /** What Byte Buddy names the classes it generates for JDK types: application code, matched like any other. */
    private static final String BYTE_BUDDY_GENERATED = BYTE_BUDDY + "renamed.";
    /** Never instrumented, besides the JDK's own packages ({@link RuleIndex#isJdkName}). */
    private static final String[] IGNORED = {
        "org.ietf.", "org.w3c.", "org.xml.", "org.jcp.", "netscape.", // the JDK's too (java.xml.crypto, jdk.jsobject)
        "dev.resilience.agent.", BYTE_BUDDY, "io.opentelemetry.javaagent.", "co.elastic.apm.",
        "datadog.", "com.newrelic.", "org.glowroot.", "org.jacoco.", "kotlin.", "scala.",
    };

    /**
     * Whether some never-instrumented package starts with a character: most class names are
     * cleared by their first character alone, before any of the prefixes above is compared (this
     * runs for every class the JVM loads, much of it before the JIT has compiled it).
     */
    private static final boolean[] IGNORABLE_FIRST = new boolean[128];

    static {
        for (String jdk : RuleIndex.JDK_PREFIXES) {
            IGNORABLE_FIRST[jdk.charAt(0)] = true;
        }
        for (String prefix : IGNORED) {
            IGNORABLE_FIRST[prefix.charAt(0)] = true;
        }
    }

    private final List<RuleSelector> selectors;
    private final RuleIndex index;
    private final boolean needsHeader;
    private final TypeHierarchy hierarchy = new TypeHierarchy();

    public PolicyMatcher(Policy policy) {
        List<RuleSelector> list = new ArrayList<>();
        for (int i = 0; i < policy.rules().size(); i++) {
            list.add(new RuleSelector(policy.rules().get(i), i));
        }
        this.selectors = List.copyOf(list);
        this.index = new RuleIndex(selectors);
        this.needsHeader = index.hasSubtypeRules() || index.hasAnnotationRules();
    }

    public List<RuleSelector> selectors() {
        return selectors;
    }

    /** True for packages the agent never instruments: the JDK, itself and other agents. */
    public static boolean isIgnored(String className) {
        char first = className.isEmpty() ? 0 : className.charAt(0);
        if (first >= IGNORABLE_FIRST.length || !IGNORABLE_FIRST[first]) {
            return false;
        }
        if (RuleIndex.isJdkName(className)) {
            return true;
        }
        for (String prefix : IGNORED) {
            if (className.startsWith(prefix)) {
                return !className.startsWith(BYTE_BUDDY_GENERATED);
            }
        }
        return false;
    }

    /** The packages {@link #isIgnored} leaves out, in words for messages (README, "Policy reference"). */
    public static final String NEVER_INSTRUMENTED = "a package the agent never instruments (the JDK's, the XML"
            + " APIs', its own, other agents', the Kotlin and Scala runtimes')";

    /**
     * True when a {@code class} selector can only ever name classes of packages the agent never
     * instruments ({@link #isIgnored}): its name, or a glob's text before its first {@code *}, lies in
     * one. Such a rule protects nothing, and warnings say so rather than "check the names".
     */
    public static boolean selectsOnlyIgnored(Match match) {
        if (match.kind() != Match.Kind.CLASS) {
            return false;
        }
        String type = match.type();
        int wildcard = type.indexOf('*');
        return isIgnored(wildcard < 0 ? type : type.substring(0, wildcard));
    }

    /**
     * The rules (in file order) whose type selector picks this class.
     *
     * @param bytes the class file, needed only by {@code subtypeOf}/{@code annotatedWith} rules
     */
    public List<RuleSelector> select(ClassLoader loader, String className, byte[] bytes) {
        // A StackOverflowError is thrown on, never read as "not selected": the class is then loading at
        // the end of a deep stack, and the transformer leaves it to a later sweep (MissedClasses).
        // The reading itself needs little stack (annotations of any depth are skipped without recursion).
        if (isIgnored(className)) {
            return List.of();
        }
        BitSet rules = new BitSet(selectors.size());
        index.addByClassName(className, rules);
        if (needsHeader && bytes != null) {
            addByContent(loader, className, bytes, rules);
        }
        if (rules.isEmpty() || isJdkProxy(className, bytes)) {
            return List.of();
        }
        List<RuleSelector> selected = new ArrayList<>(rules.cardinality());
        for (int i = rules.nextSetBit(0); i >= 0; i = rules.nextSetBit(i + 1)) {
            selected.add(selectors.get(i)); // ascending positions: file order
        }
        return selected;
    }

    /**
     * A class {@link java.lang.reflect.Proxy} made: never instrumented, wherever it lives. A proxy of
     * a package-private interface is defined in that interface's package (not in {@code jdk.proxyN}),
     * where a glob or {@code subtypeOf} would select it and retry the invocation handler as a whole
     * (audit). Only classes some rule selected get here, and only a {@code $Proxy} name is parsed.
     */
    private static boolean isJdkProxy(String className, byte[] bytes) {
        if (bytes == null || !className.contains("$Proxy")) {
            return false;
        }
        try {
            return "java.lang.reflect.Proxy".equals(ClassFile.parse(bytes, className, false).superName());
        } catch (RuntimeException | LinkageError unreadable) {
            return false;
        }
    }

    /** Adds the {@code annotatedWith} and {@code subtypeOf} rules that select the class these bytes define. */
    private void addByContent(ClassLoader loader, String className, byte[] bytes, BitSet rules) {
        ClassFile header;
        try {
            header = ClassFile.parse(bytes, className, index.annotationDescriptors());
        } catch (RuntimeException | LinkageError unreadable) {
            return; // a class we cannot read is not selected by its bytes; name rules still apply
        }
        if (index.hasSubtypeRules()) {
            hierarchy.learn(loader, header);
        }
        if (header.isInterface()) {
            return; // neither kind ever selects an interface (an annotation type is one too)
        }
        for (String annotation : header.annotations()) {
            index.addByAnnotation(annotation, rules);
        }
        if (!index.hasSubtypeRules()) {
            return;
        }
        if (!header.isAbstract()) {
            index.addBySupertype(header.name(), rules); // the named type itself, when concrete
        }
        try {
            // the super class, then the interfaces, without listing them together first (every class load)
            if (header.superName() != null) {
                addBySupertype(loader, header.superName(), rules);
            }
            for (String parent : header.interfaces()) {
                addBySupertype(loader, parent, rules);
            }
        } catch (RuntimeException | LinkageError unreadable) {
            // Not expected (the hierarchy catches what loaders throw), but a supertype that cannot be read
            // must never fail class loading: the class is then simply not selected by its supertypes.
        }
    }

    /** Adds the {@code subtypeOf} rules naming a direct supertype or anything above it. */
    private void addBySupertype(ClassLoader loader, String parent, BitSet rules) {
        if (parent.startsWith("java.") && !index.namesJdkSupertype()) {
            // Only the JDK defines java.* types, so all their supertypes are the JDK's too: when no rule
            // names one, reading the class file (through every loader up to the JDK's image) selects nothing.
            return;
        }
        for (int rule : hierarchy.rulesBroughtBy(loader, parent, index)) {
            rules.set(rule);
        }
    }

    /** True when some rule could select a class of this name without reading its bytes. */
    public boolean needsBytes() {
        return needsHeader;
    }
}
