package dev.resilience.agent.cli;

import dev.resilience.agent.core.NanoClock;
import dev.resilience.agent.core.RuleRuntime;
import dev.resilience.agent.core.Sleeper;
import dev.resilience.agent.instrument.HttpResponses;
import dev.resilience.agent.instrument.InstalledPolicy;
import dev.resilience.agent.instrument.SitePlan;
import dev.resilience.agent.instrument.SizeLimitedWeave;
import dev.resilience.agent.matching.DeclaredMethod;
import dev.resilience.agent.matching.DescribedMethods;
import dev.resilience.agent.matching.Glob;
import dev.resilience.agent.matching.MethodFilter;
import dev.resilience.agent.matching.MethodSelection;
import dev.resilience.agent.matching.PolicyMatcher;
import dev.resilience.agent.matching.RuleSelector;
import dev.resilience.agent.policy.FallbackSettings;
import dev.resilience.agent.policy.Match;
import dev.resilience.agent.policy.Policy;
import dev.resilience.agent.policy.PolicyDescriber;
import dev.resilience.agent.policy.Position;
import dev.resilience.agent.policy.Rule;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.pool.TypePool;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Runs the agent's own matching over a class path without running the application: the same
 * {@link PolicyMatcher} picks the classes, the same {@link MethodSelection} the methods (read
 * through a Byte Buddy {@code TypePool}, as the transformer reads them), the same
 * {@link SitePlan} decides how each is wrapped and whether its fallback fits. Then it checks what
 * only a class path can show: names that match nothing, methods only inherited, methods two
 * rules claim, fallback methods and {@code onFailure} exceptions. Not thread-safe; one per run.
 */
final class Explainer {
    private final String policyFile;
    private final Policy policy;
    private final ClassPath classPath;
    private final InstalledPolicy installed;
    private final PolicyMatcher matcher;
    private final ClassLoader loader;
    private final TypePool pool;
    private final List<List<Explanation.Method>> methods = new ArrayList<>();
    private final List<Set<String>> selectedClasses = new ArrayList<>();
    /** Rules (by index) with a method whose value can be an HTTP response, which {@code onStatus} reads. */
    private final BitSet returnsResponses = new BitSet();
    /** Rules with a selected class declaring a method their {@code methods} take but their {@code exclude} removes. */
    private final BitSet excludeHadWork = new BitSet();
    private final List<Explanation.Finding> findings = new ArrayList<>();
    private final Set<String> reported = new HashSet<>();
    /** Classes a rule selected that could not be read: a rule matching nothing else is told so, not "no class". */
    private final Set<String> unreadableClasses = new HashSet<>();
    private final ExplainChecks checks;
    /** Null when no rule is a {@code subtypeOf} one: only those depend on reading every supertype. */
    private final MissingSupertypes missingSupertypes;
    private final List<String> subtypeRules = new ArrayList<>();
    /** Null when no {@code annotatedWith} rule names an {@code @Inherited} annotation. */
    private final InheritedAnnotations inheritedAnnotations;
    /** The positions of the rules whose {@code annotatedWith} annotation is {@code @Inherited}. */
    private final List<Integer> inheritedAnnotationRules = new ArrayList<>();

    Explainer(String policyFile, Policy policy, ClassPath classPath) {
        this.policyFile = policyFile;
        this.policy = policy;
        this.classPath = classPath;
        // Runtimes only answer "how would this method be wrapped": nothing here ever runs a call.
        this.installed = new InstalledPolicy(policy, NanoClock.SYSTEM, Sleeper.SYSTEM, line -> { }, (label, from, to) -> { });
        this.matcher = installed.matcher();
        ClassPathLocator locator = new ClassPathLocator(classPath);
        this.loader = locator.resourceLoader();
        this.pool = TypePool.Default.of(locator.withJdk());
        this.checks = new ExplainChecks(pool);
        Set<String> subtypeTargets = new HashSet<>();
        InheritedAnnotations inherited = new InheritedAnnotations(pool);
        for (int i = 0; i < policy.rules().size(); i++) {
            methods.add(new ArrayList<>());
            selectedClasses.add(new LinkedHashSet<>());
            Rule rule = policy.rules().get(i);
            if (rule.match().kind() == Match.Kind.SUBTYPE_OF) {
                subtypeRules.add(rule.name());
                subtypeTargets.add(rule.match().type());
            } else if (rule.match().kind() == Match.Kind.ANNOTATED_WITH && inherited.isInherited(rule.match().type())) {
                inheritedAnnotationRules.add(i);
            }
        }
        this.missingSupertypes = subtypeRules.isEmpty() ? null : new MissingSupertypes(loader, subtypeTargets);
        this.inheritedAnnotations = inheritedAnnotationRules.isEmpty() ? null : inherited;
    }

    Explanation explain() {
        for (String problem : classPath.problems()) {
            findings.add(new Explanation.Finding(Explanation.Severity.WARNING, null, null, "class path entry " + problem));
        }
        List<String> names = classPath.classNames();
        for (String name : names) {
            examine(name);
        }
        for (int i : inheritedAnnotationRules) {
            Rule rule = policy.rules().get(i);
            String left = inheritedAnnotations.message(rule.name(), rule.match().type(), selectedClasses.get(i));
            if (left != null) {
                warn(rule, rule.match().position(), left);
            }
        }
        String gaps = missingSupertypes == null ? null : missingSupertypes.message(subtypeRules);
        if (gaps != null) {
            findings.add(new Explanation.Finding(Explanation.Severity.NOTE, null, null, gaps));
        }
        List<Explanation.RuleReport> reports = new ArrayList<>();
        for (int i = 0; i < policy.rules().size(); i++) {
            Rule rule = policy.rules().get(i);
            if (methods.get(i).isEmpty()) { // matched but refused methods have their own error
                warn(rule, rule.match().position(), "rule " + rule.name() + " matches no method on this class path: "
                        + whyNothing(rule, i, selectedClasses.get(i), names));
            }
            if (rule.onStatusInRule() != null && !methods.get(i).isEmpty() && !returnsResponses.get(i)) {
                warn(rule, rule.onStatusInRule(), "retry.onStatus of rule " + rule.name() + " has no effect: none of the"
                        + " methods it matches returns an HTTP response (java.net.http.HttpResponse, Apache HttpClient 5"
                        + " ClassicHttpResponse or CloseableHttpResponse, OkHttp Response) or a future; their failures"
                        + " are the exceptions they throw. Remove onStatus, or match the methods that return the response");
            }
            for (ExplainChecks.Problem problem : checks.ruleProblems(rule)) {
                add(problem.error() ? Explanation.Severity.ERROR : Explanation.Severity.WARNING, rule, problem.position(),
                        problem.message());
            }
            reports.add(new Explanation.RuleReport(rule, PolicyDescriber.describe(rule), methods.get(i)));
        }
        findings.sort(Comparator.comparingInt((Explanation.Finding f) -> f.position() == null ? 0 : f.position().line())
                .thenComparingInt(f -> f.position() == null ? 0 : f.position().column()));
        return new Explanation(policyFile, classPath.entries(), names.size(), reports, findings);
    }

    private void examine(String className) {
        if (PolicyMatcher.isIgnored(className)) {
            return;
        }
        // subtypeOf and annotatedWith rules make the matcher read every class, so both checks have its bytes
        byte[] bytes = matcher.needsBytes() ? classPath.read(className.replace('.', '/') + ".class") : null;
        if (missingSupertypes != null && bytes != null) {
            missingSupertypes.check(className, bytes);
        }
        if (inheritedAnnotations != null && bytes != null) {
            inheritedAnnotations.record(className, bytes);
        }
        List<RuleSelector> selected = matcher.select(loader, className, bytes);
        if (selected.isEmpty()) {
            return;
        }
        TypeDescription type;
        List<DeclaredMethod> declared;
        try {
            type = pool.describe(className).resolve();
            declared = DescribedMethods.of(type);
        } catch (RuntimeException unreadable) {
            String why = classPath.whyUnreadable(className.replace('.', '/') + ".class");
            unreadableClasses.add(className);
            findings.add(new Explanation.Finding(Explanation.Severity.WARNING, null, null, "cannot read class " + className
                    + " (" + (why != null ? why : unreadable.getMessage() != null ? unreadable.getMessage()
                    : "not a valid class file: " + unreadable.getClass().getSimpleName())
                    + "); its methods are not listed"));
            return;
        }
        for (RuleSelector selector : selected) {
            selectedClasses.get(selector.index()).add(className);
            if (!selector.rule().match().exclude().isEmpty() && ExplainChecks.includesAny(selector, declared)) {
                excludeHadWork.set(selector.index());
            }
        }
        List<Listed> listed = new ArrayList<>();
        for (MethodSelection.Selected match : MethodSelection.select(selected, declared)) {
            Explanation.Method method = record(className, match);
            if (method.instrumented()) {
                int rule = match.rule().index();
                listed.add(new Listed(match.method().name() + match.method().descriptor(), rule,
                        methods.get(rule).size() - 1, method)); // record() added it last
            }
        }
        if (!listed.isEmpty()) {
            leaveOutPastLimits(className, bytes != null ? bytes : classPath.read(className.replace('.', '/') + ".class"),
                    listed);
        }
        for (RuleSelector selector : selected) {
            for (MethodFilter filter : MethodSelection.explicitWithoutMatch(selector, declared)) {
                explainMissing(className, type, selector, filter);
            }
            for (ExplainChecks.Problem problem : ExplainChecks.bodilessNamed(className, selector, declared)) {
                warn(selector.rule(), problem.position(), problem.message());
            }
        }
    }

    /** Lists a matched method under its rule (and under the others that match it); returns its entry under its rule. */
    private Explanation.Method record(String className, MethodSelection.Selected match) {
        Rule rule = match.rule().rule();
        RuleRuntime runtime = installed.runtime(match.rule().index());
        DeclaredMethod method = match.method();
        String qualified = className + "#" + method.signature();
        SitePlan plan = SitePlan.of(method, runtime);
        if (HttpResponses.isResponseType(method.returnType()) || DeclaredMethod.isFuture(method.returnType())) {
            returnsResponses.set(match.rule().index());
        }
        for (RuleSelector other : match.others()) {
            error(other.rule(), other.rule().match().position(), qualified + " is matched by rules " + rule.name()
                    + " and " + other.rule().name() + "; a method may belong to one rule only (at run time " + rule.name()
                    + ", first in the file, would apply). Narrow one rule's match, e.g. with exclude");
            // Listed under the other rule too: it does match the method, and without the entry its report
            // would read "no methods" and warn that it matches nothing.
            String otherRuns = runs(SitePlan.of(method, installed.runtime(other.index())));
            methods.get(other.index()).add(new Explanation.Method(className, method.signature(), otherRuns,
                    "also matched by rule " + rule.name() + ", which applies (first in the file)"));
        }
        String runs = runs(plan);
        if (plan.fallbackProblem() != null) {
            error(rule, rule.fallback().position(), "the fallback of rule " + rule.name() + " does not fit " + qualified + ": "
                    + plan.fallbackProblem() + "; the agent would leave this method unprotected");
            return add(match, new Explanation.Method(className, method.signature(), runs, "fallback does not fit"));
        }
        if (rule.onFailure() != null) {
            ExplainChecks.Problem undeclared = checks.undeclaredChecked(rule.onFailure(), method, qualified);
            if (undeclared != null) {
                warn(rule, undeclared.position(), undeclared.message());
            }
        }
        if (java.lang.reflect.Modifier.isSynchronized(method.modifiers()) && plan.kind() == dev.resilience.agent.instrument.Site.Kind.HANDOFF
                && runtime.needsWorkerThread()) {
            warn(rule, rule.match().position(), qualified + " is synchronized: its caller holds the monitor its body needs,"
                    + " so the body runs on the caller's thread, timed out as under mode: interrupt (a read that ignores"
                    + " interrupts holds the caller past the deadline). Give the rule mode: interrupt to say so, or protect a"
                    + " method that is not synchronized");
        }
        String ownFuture = checks.ownFutureType(method);
        if (ownFuture != null) {
            warn(rule, rule.match().position(), qualified + " returns " + ownFuture + ", a future type of its own: the"
                    + " agent protects it as a synchronous call, which ends when the future is returned (how the future"
                    + " completes is not seen: no retry, timeout or breaker record for it). Declare the return type as"
                    + " CompletableFuture or CompletionStage to have it protected asynchronously");
        }
        if (rule.fallback() != null && rule.fallback().kind() == FallbackSettings.Kind.METHOD) {
            ExplainChecks.Problem problem = checks.fallbackMethod(rule.fallback(), method, qualified);
            if (problem != null) {
                add(problem.error() ? Explanation.Severity.ERROR : Explanation.Severity.WARNING, rule, problem.position(),
                        problem.message());
                if (problem.error()) { // as the agent does: a method whose fallback does not fit is left alone
                    return add(match, new Explanation.Method(className, method.signature(), runs,
                            "fallback method does not fit"));
                }
            }
        }
        return add(match, new Explanation.Method(className, method.signature(), runs, null));
    }

    private Explanation.Method add(MethodSelection.Selected match, Explanation.Method method) {
        methods.get(match.rule().index()).add(method);
        return method;
    }

    /** A method listed as instrumented: its {@code name + descriptor}, the rule it is listed under and where. */
    private record Listed(String key, int rule, int position, Explanation.Method method) { }

    /**
     * Marks the listed methods that the agent would leave out because its code would take them past
     * one of the JVM's limits (it warns and runs them unprotected), with a warning for each.
     */
    private void leaveOutPastLimits(String className, byte[] bytes, List<Listed> listed) {
        if (bytes == null) {
            return;
        }
        Map<String, Boolean> handoff = new LinkedHashMap<>();
        for (Listed method : listed) {
            handoff.put(method.key(), !method.method().runs().equals("inline"));
        }
        Map<String, String> leftOut = SizeLimitedWeave.leftOut(className, bytes, handoff);
        for (Listed method : listed) {
            String limit = leftOut.get(method.key());
            if (limit == null) {
                continue;
            }
            Explanation.Method was = method.method();
            methods.get(method.rule()).set(method.position(), new Explanation.Method(className, was.signature(), was.runs(),
                    "past " + limit));
            Rule rule = policy.rules().get(method.rule());
            warn(rule, rule.match().position(), was.qualifiedName() + " would NOT be instrumented: with the agent's code"
                    + " it would pass " + limit + ", so it would run unprotected. Split the method, or exclude it from"
                    + " the rule");
        }
    }

    private static String runs(SitePlan plan) {
        return plan.kind().name().toLowerCase(Locale.ROOT);
    }

    /** A {@code methods} entry naming one method that the selected class does not declare. */
    private void explainMissing(String className, TypeDescription type, RuleSelector selector, MethodFilter filter) {
        Rule rule = selector.rule();
        Position at = filter.source().position();
        TypeDescription declaring = checks.inheritedFrom(type, filter);
        if (declaring != null) {
            if (selectedBySameRule(declaring.getName(), selector)) {
                return; // the declaring class is wrapped by this rule itself: calls through the subclass are covered
            }
            warn(rule, at, "rule " + rule.name() + " names " + filter.source().text() + ", which " + className
                    + " only inherits from " + declaring.getName() + ": methods are matched where they are declared, so"
                    + " it is NOT wrapped. " + ExplainChecks.remedyForInherited(className, declaring, selector));
        } else if (selector.kind() == Match.Kind.CLASS && Glob.forClass(rule.match().type()).isLiteral()) {
            warn(rule, at, "rule " + rule.name() + " names " + filter.source().text() + ", which " + className
                    + " neither declares nor inherits" + ExplainChecks.methodHint(filter, type));
        }
    }

    private boolean selectedBySameRule(String className, RuleSelector selector) {
        byte[] bytes = classPath.read(className.replace('.', '/') + ".class");
        return bytes != null && matcher.select(loader, className, bytes).contains(selector);
    }

    /** Why a rule matched nothing, in terms an operator can act on. */
    private String whyNothing(Rule rule, int index, Set<String> selected, List<String> names) {
        Match match = rule.match();
        if (!selected.isEmpty()) {
            String classes = selected.size() == 1 ? "class " + selected.iterator().next() + " is" : selected.size() + " classes are";
            String taken = match.methods().isEmpty() ? "the default (public, non-static, declared) methods"
                    : "methods " + match.methods().stream().map(m -> m.text()).toList();
            if (excludeHadWork.get(index)) {
                return classes + " selected, but exclude " + match.exclude().stream().map(m -> m.text()).toList()
                        + " removes every method that " + (match.methods().isEmpty() ? "the rule takes by default (public,"
                        + " non-static, declared)" : "matches " + taken) + "; shorten exclude";
            }
            return classes + " selected, but none of the methods " + (selected.size() == 1 ? "it declares" : "they declare")
                    + " with a body to wrap match " + taken;
        }
        if (PolicyMatcher.selectsOnlyIgnored(match)) {
            return match.type() + " is in " + PolicyMatcher.NEVER_INSTRUMENTED + "; match the application's own class"
                    + " that makes the calls instead";
        }
        if (match.kind() == Match.Kind.CLASS && unreadableClasses.contains(match.type())) {
            return "class " + match.type() + " is on it but could not be read (see the warning above); rebuild it or"
                    + " check the class path entry that holds it";
        }
        if (match.kind() == Match.Kind.CLASS) {
            long unreadable = unreadableClasses.stream().filter(Glob.forClass(match.type())::matches).count();
            if (unreadable > 0) {
                return "no class on it that could be read matches " + match.type() + "; " + unreadable
                        + (unreadable == 1 ? " class that matches it" : " classes that match it") + " could not be read"
                        + " (see the warnings above)";
            }
        } else if (!checks.exists(match.type()) && names.contains(match.type())) {
            String why = classPath.whyUnreadable(match.type().replace('.', '/') + ".class");
            return (match.kind() == Match.Kind.SUBTYPE_OF ? "type " : "annotation ") + match.type() + " is on it but"
                    + " could not be read (" + (why != null ? why : "not a valid class file") + "); rebuild it or check"
                    + " the class path entry that holds it";
        }
        return switch (match.kind()) {
            case CLASS -> Glob.forClass(match.type()).isLiteral()
                    ? "there is no class " + match.type() + " on it" + ExplainChecks.classHint(match.type(), names)
                    : "no class on it matches " + match.type();
            case SUBTYPE_OF -> checks.exists(match.type())
                    ? "no class on it extends or implements " + match.type()
                    : "there is no type " + match.type() + " on it" + ExplainChecks.classHint(match.type(), names);
            case ANNOTATED_WITH -> checks.exists(match.type())
                    ? "no class on it is annotated with " + match.type()
                    : "there is no annotation " + match.type() + " on it" + ExplainChecks.classHint(match.type(), names);
        };
    }

    private void warn(Rule rule, Position position, String message) {
        add(Explanation.Severity.WARNING, rule, position, message);
    }

    private void error(Rule rule, Position position, String message) {
        add(Explanation.Severity.ERROR, rule, position, message);
    }

    /** Adds a finding once: a name several rules inherit from {@code defaults} is one problem, at one place. */
    private void add(Explanation.Severity severity, Rule rule, Position position, String message) {
        Position at = position == null ? rule == null ? null : rule.position() : position;
        if (reported.add(at + " " + message)) {
            findings.add(new Explanation.Finding(severity, rule == null ? null : rule.name(), at, message));
        }
    }
}
