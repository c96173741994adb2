package dev.resilience.agent.cli;

import dev.resilience.agent.matching.DeclaredMethod;
import dev.resilience.agent.matching.DescribedMethods;
import dev.resilience.agent.matching.MethodFilter;
import dev.resilience.agent.matching.PolicyMatcher;
import dev.resilience.agent.matching.RuleSelector;
import dev.resilience.agent.policy.DidYouMean;
import dev.resilience.agent.policy.FallbackSettings;
import dev.resilience.agent.policy.Match;
import dev.resilience.agent.policy.Position;
import dev.resilience.agent.policy.Rule;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDefinition;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.pool.TypePool;

import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The checks {@code explain} can make because it has the class path, read from a Byte Buddy
 * {@link TypePool} (never by loading classes): {@code onFailure.exception} constructors, fallback
 * methods, exception names that exist nowhere, inherited methods, named methods with no body. The rules mirror the agent's
 * run-time ones ({@code ExceptionConstructors}, {@code FallbackFactory.forMethod}), which resolve
 * through the application's own class loader. Not thread-safe (the pool's cache is shared).
 */
final class ExplainChecks {
    private static final Map<String, String> BOXES = Map.of(
            "int", "java.lang.Integer", "long", "java.lang.Long", "short", "java.lang.Short", "byte", "java.lang.Byte",
            "double", "java.lang.Double", "float", "java.lang.Float", "boolean", "java.lang.Boolean", "char", "java.lang.Character");
    /** What a fallback method's last parameter may be to take the failure: the agent's own list (FallbackFactory.TAKES_THROWABLE). */
    private static final Set<String> THROWABLE_HOLDERS = Set.of("java.lang.Throwable", "java.lang.Object", "java.io.Serializable",
            "java.lang.Exception");

    /** A finding before it is tied to its rule. */
    record Problem(boolean error, Position position, String message) { }

    private final TypePool pool;

    ExplainChecks(TypePool pool) {
        this.pool = pool;
    }

    /** True when the class path or the JDK has this type. */
    boolean exists(String name) {
        return describe(name) != null;
    }

    private TypeDescription describe(String name) {
        try {
            TypePool.Resolution resolution = pool.describe(name);
            return resolution.isResolved() ? resolution.resolve() : null;
        } catch (RuntimeException unreadable) {
            return null;
        }
    }

    /** Problems of a rule's exception names (each at the entry naming it) and {@code onFailure} class. */
    List<Problem> ruleProblems(Rule rule) {
        List<Problem> problems = new ArrayList<>();
        for (Rule.NamedException named : rule.exceptionNames()) {
            if (!exists(named.className())) {
                problems.add(new Problem(false, named.position(), named.key() + " names " + named.className()
                        + ", which is neither on the class path nor in the JDK: exceptions are matched by name, so it"
                        + " matches nothing (misspelt?)"));
            } else if (isNotThrowable(named.className())) {
                problems.add(new Problem(false, named.position(), named.key() + " names " + named.className()
                        + ", which is not an exception (it does not extend java.lang.Throwable), so it matches nothing"));
            }
        }
        if (rule.onFailure() != null) {
            onFailure(rule.onFailure()).ifPresent(problems::add);
        }
        return problems;
    }

    /**
     * A checked {@code onFailure} exception that a synchronous method does not declare (nor a
     * supertype of it): the agent throws it as the contract says, but the method's callers cannot
     * catch it by its type, since javac only lets them catch what the method declares. Null when it
     * can be caught, or cannot be checked on this class path.
     */
    Problem undeclaredChecked(Rule.OnFailure onFailure, DeclaredMethod method, String qualified) {
        if (DeclaredMethod.isFuture(method.returnType())) {
            return null; // an asynchronous method's future carries it: no throws clause is involved
        }
        TypeDescription type = describe(onFailure.exceptionClass());
        try {
            if (type == null || !type.isAssignableTo(Throwable.class) || type.isAssignableTo(RuntimeException.class)
                    || type.isAssignableTo(Error.class)) {
                return null;
            }
            for (String declared : method.exceptionTypes()) {
                TypeDescription thrown = describe(declared);
                if (thrown != null && type.isAssignableTo(thrown)) {
                    return null;
                }
            }
        } catch (RuntimeException incomplete) {
            return null; // a supertype missing from the class path: the class check already says so
        }
        return new Problem(false, onFailure.position(), "onFailure.exception " + onFailure.exceptionClass()
                + " is a checked exception that " + qualified + " does not declare: its callers cannot catch it by that"
                + " type. Name an unchecked exception, or one the method declares");
    }

    /**
     * A method declared to return a future type of its own (a {@code CompletableFuture} subclass, a
     * class implementing {@code CompletionStage}): the agent cannot hand its caller a future of that
     * type, so it protects the method as a synchronous call, which sees only what the method does
     * before it returns the future. Null for every other method, and when the type is not on the class path.
     */
    String ownFutureType(DeclaredMethod method) {
        String returned = method.returnType();
        if (DeclaredMethod.isFuture(returned) || returned.startsWith("java.") || BOXES.containsKey(returned)
                || returned.equals("void") || returned.endsWith("[]")) {
            return null;
        }
        TypeDescription type = describe(returned);
        try {
            return type != null && type.isAssignableTo(java.util.concurrent.CompletionStage.class) ? returned : null;
        } catch (RuntimeException incomplete) {
            return null; // a supertype missing from the class path proves nothing
        }
    }

    /** True only when the class is known and surely no Throwable: a supertype missing from the class path proves nothing. */
    private boolean isNotThrowable(String name) {
        TypeDescription type = describe(name);
        try {
            return type != null && !type.isAssignableTo(Throwable.class);
        } catch (RuntimeException incomplete) {
            return false;
        }
    }

    private Optional<Problem> onFailure(Rule.OnFailure onFailure) {
        String name = onFailure.exceptionClass();
        TypeDescription type = describe(name);
        Position at = onFailure.position();
        if (type == null) {
            return Optional.of(new Problem(false, at, "onFailure.exception " + name + " is not on the class path: it"
                    + " cannot be checked, and if the application's loader cannot find it either the agent throws its own"
                    + " exception types instead"));
        }
        try {
            if (!type.isAssignableTo(Throwable.class)) {
                return Optional.of(new Problem(true, at, "onFailure.exception " + name + " is not an exception (it does not"
                        + " extend java.lang.Throwable)"));
            }
        } catch (RuntimeException incomplete) {
            return Optional.of(new Problem(false, at, "onFailure.exception " + name + ": cannot check it, a supertype is"
                    + " missing from the class path (" + incomplete.getMessage() + ")"));
        }
        if (type.isAbstract() || !type.isPublic()) {
            return Optional.of(new Problem(true, at, "onFailure.exception " + name + " cannot be instantiated (it is"
                    + " abstract or not public); name a concrete public subclass"));
        }
        for (MethodDescription.InDefinedShape constructor : type.getDeclaredMethods()) {
            if (!constructor.isConstructor() || !constructor.isPublic()) {
                continue;
            }
            List<TypeDescription> parameters = constructor.getParameters().asTypeList().asErasures();
            boolean message = !parameters.isEmpty() && parameters.get(0).getName().equals("java.lang.String");
            if (message && (parameters.size() == 1 || parameters.size() == 2 && isThrowable(parameters.get(1)))) {
                return Optional.empty();
            }
        }
        return Optional.of(new Problem(true, at, "onFailure.exception " + name + " has no public (String) or (String,"
                + " Throwable) constructor, so the agent cannot create it with a message; the contract requires one"));
    }

    private static boolean isThrowable(TypeDescription type) {
        try {
            return type.isAssignableTo(Throwable.class);
        } catch (RuntimeException incomplete) {
            return false;
        }
    }

    /** Checks {@code fallback.method} for one matched method, or null when it fits. */
    Problem fallbackMethod(FallbackSettings fallback, DeclaredMethod target, String qualified) {
        String reference = fallback.method();
        int hash = reference.indexOf('#');
        String className = reference.substring(0, hash);
        String methodName = reference.substring(hash + 1);
        TypeDescription owner = describe(className);
        if (owner == null) {
            return new Problem(false, fallback.position(), "fallback.method " + reference + ": class " + className
                    + " is not on the class path, so the fallback for " + qualified + " cannot be checked; if the"
                    + " application cannot find it either, the agent leaves that method unprotected");
        }
        List<String> parameters = target.parameterTypes();
        for (DeclaredMethod candidate : DescribedMethods.of(owner)) {
            if (!candidate.name().equals(methodName) || !Modifier.isStatic(candidate.modifiers())) {
                continue;
            }
            List<String> types = candidate.parameterTypes();
            boolean same = types.equals(parameters);
            boolean withThrowable = types.size() == parameters.size() + 1 && types.subList(0, parameters.size()).equals(parameters)
                    && THROWABLE_HOLDERS.contains(types.get(parameters.size()));
            if ((same || withThrowable) && returnFits(candidate.returnType(), target.returnType())) {
                return null;
            }
        }
        return new Problem(true, fallback.position(), "fallback.method " + reference + " does not fit " + qualified
                + ": it needs a static method " + methodName + "(" + String.join(",", parameters) + ") (optionally with a"
                + " Throwable last) returning " + target.returnType() + "; the agent would leave this method unprotected");
    }

    /** As the agent judges it: Java's assignment, boxing and unboxing included (a null unboxed fails the call). */
    private boolean returnFits(String fallbackType, String targetType) {
        String boxedFallback = BOXES.getOrDefault(fallbackType, fallbackType);
        if (targetType.equals("void") || targetType.equals(fallbackType) || fallbackType.equals(BOXES.get(targetType))
                || targetType.equals(boxedFallback)) {
            return true;
        }
        if (BOXES.containsKey(targetType)) {
            return false;
        }
        TypeDescription from = describe(boxedFallback);
        TypeDescription to = describe(targetType);
        try {
            return from != null && to != null && from.isAssignableTo(to);
        } catch (RuntimeException incomplete) {
            return true; // cannot tell without the missing supertypes: do not claim a problem
        }
    }

    /**
     * The supertype (class or interface, nearest first) that declares a non-abstract method the
     * filter matches, or null.
     */
    TypeDescription inheritedFrom(TypeDescription type, MethodFilter filter) {
        ArrayDeque<TypeDefinition> pending = new ArrayDeque<>();
        Set<String> seen = new HashSet<>();
        enqueueSupertypes(type, pending);
        while (!pending.isEmpty()) {
            TypeDescription supertype;
            try {
                supertype = pending.poll().asErasure();
                if (!seen.add(supertype.getName())) {
                    continue;
                }
                for (DeclaredMethod method : DescribedMethods.of(supertype)) {
                    if (!method.bridgeOrSynthetic() && !Modifier.isAbstract(method.modifiers())
                            && filter.matches(method.name(), method.parameterTypes())) {
                        return supertype;
                    }
                }
                enqueueSupertypes(supertype, pending);
            } catch (RuntimeException missing) {
                // a supertype not on the class path: nothing to learn from it
            }
        }
        return null;
    }

    private static void enqueueSupertypes(TypeDescription type, ArrayDeque<TypeDefinition> pending) {
        if (type.getSuperClass() != null) {
            pending.add(type.getSuperClass());
        }
        pending.addAll(type.getInterfaces());
    }

    /** Whether a selected class declares a method the rule's {@code methods} (or default set) takes, before {@code exclude}. */
    static boolean includesAny(RuleSelector selector, List<DeclaredMethod> declared) {
        for (DeclaredMethod method : declared) {
            if (selector.includesMethod(method.name(), method.parameterTypes(), method.modifiers(), method.bridgeOrSynthetic())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Warnings for the {@code methods} entries that name a native or abstract method outright:
     * declared, so not missing, but with no body to wrap (audit: the rule then read "none of the
     * methods it declares match", which was false). A glob ("*") picks what it can, unwarned.
     */
    static List<Problem> bodilessNamed(String className, RuleSelector selector, List<DeclaredMethod> declared) {
        List<Problem> problems = new ArrayList<>();
        for (MethodFilter filter : selector.include()) {
            if (!filter.isExplicit()) {
                continue;
            }
            for (DeclaredMethod method : declared) {
                boolean isNative = Modifier.isNative(method.modifiers());
                if ((isNative || Modifier.isAbstract(method.modifiers())) && !method.bridgeOrSynthetic()
                        && filter.matches(method.name(), method.parameterTypes())) {
                    problems.add(new Problem(false, filter.source().position(), "rule " + selector.rule().name() + " names "
                            + filter.source().text() + ", but " + className + "#" + method.signature() + " is "
                            + (isNative ? "native" : "abstract") + ": it has no body to wrap, so it is NOT protected. "
                            + (isNative ? "Protect the Java method that calls it" : "Match the classes that implement it (subtypeOf)")));
                }
            }
        }
        return problems;
    }

    /** {@code "; did you mean fetch?"} from the names the class declares, or "". */
    static String methodHint(MethodFilter filter, TypeDescription type) {
        Set<String> names = new LinkedHashSet<>();
        for (DeclaredMethod method : DescribedMethods.of(type)) {
            if (!method.isInitializer() && !method.bridgeOrSynthetic()) {
                names.add(method.name());
            }
        }
        return DidYouMean.closest(filter.source().name(), names).map(n -> "; did you mean " + n + "?").orElse("");
    }

    /** {@code "; did you mean com.example.OllamaClient?"}: a class of the same simple name, or one a few edits away. */
    static String classHint(String name, List<String> classNames) {
        String simple = name.substring(name.lastIndexOf('.') + 1);
        List<String> sameSimpleName = new ArrayList<>();
        List<String> nearby = new ArrayList<>();
        for (String candidate : classNames) {
            if (candidate.equals(name)) {
                continue; // listed but unreadable: suggesting the name as written helps nobody
            }
            if (candidate.substring(candidate.lastIndexOf('.') + 1).equals(simple)) {
                sameSimpleName.add(candidate);
            } else if (Math.abs(candidate.length() - name.length()) <= 2) {
                nearby.add(candidate);
            }
        }
        if (!sameSimpleName.isEmpty()) {
            return "; did you mean " + String.join(" or ", sameSimpleName.subList(0, Math.min(3, sameSimpleName.size()))) + "?";
        }
        return DidYouMean.closest(name, nearby).map(n -> "; did you mean " + n + "?").orElse("");
    }

    /** What would wrap a method the selected class inherits from {@code declaring}: advice that can work. */
    static String remedyForInherited(String className, TypeDescription declaring, RuleSelector selector) {
        String name = declaring.getName();
        if (PolicyMatcher.isIgnored(name)) {
            // the JDK and other agents are never instrumented: naming the declaring class cannot help
            return "The agent never instruments " + name + ": override the method in " + className
                    + " to have it wrapped, or leave it out of the rule";
        }
        if (declaring.isInterface() || declaring.isAbstract()) {
            // subtypeOf selects a type itself only when it is concrete: only a class rule reaches this code
            return "Match " + name + " itself (class: " + name + "): subtypeOf selects a type itself only when it"
                    + " is concrete, and " + name + " is " + (declaring.isInterface() ? "an interface" : "abstract");
        }
        return selector.kind() == Match.Kind.SUBTYPE_OF
                ? "Match " + name + " itself (class: " + name + "), or name it in subtypeOf"
                : "Name " + name + " in match, or use subtypeOf";
    }
}
