package dev.resilience.agent.instrument;

import dev.resilience.agent.policy.FallbackSettings;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.pool.TypePool;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a rule's {@code fallback} into a {@link Fallback} for one method, checking that it fits
 * the method's return type. Problems come back as a message for the operator, never thrown.
 */
final class FallbackFactory {
    static final Map<String, Class<?>> BOXES = Map.of(
            "int", Integer.class, "long", Long.class, "short", Short.class, "byte", Byte.class,
            "double", Double.class, "float", Float.class, "boolean", Boolean.class, "char", Character.class);

    /**
     * A fallback method's extra last parameter must accept the failures that reach it: any but a
     * {@code java.lang.Error}, which no fallback replaces, so {@code Exception} does too (audit: a
     * {@code (String, Exception)} fallback, as the contract's "a Throwable" reads, was refused and
     * the method left unprotected).
     */
    private static final Set<String> TAKES_THROWABLE = Set.of("java.lang.Throwable", "java.lang.Object", "java.io.Serializable",
            "java.lang.Exception"); // explain's ExplainChecks.THROWABLE_HOLDERS: the same list

    private FallbackFactory() {
    }

    /** The result of a conversion: a fallback, or why the setting does not fit the method. */
    record Result(Fallback fallback, String problem) { }

    static Result forConstant(FallbackSettings settings, String returnType, boolean async) {
        return forConstant(settings, returnType, async, null);
    }

    /**
     * @param returnType      the method's return type name ({@code int}, {@code java.lang.String}, ...)
     * @param async           true when the method returns a future: the constant is the future's value
     * @param futureValueType the class of that value when the method's generic signature names one
     *                        ({@code java.lang.Integer} for {@code CompletionStage<Integer>}): the constant
     *                        must fit it as it would a return type, or the caller's own code would
     *                        fail on it (a {@code Long} where it reads an {@code Integer}); null: any
     */
    static Result forConstant(FallbackSettings settings, String returnType, boolean async, String futureValueType) {
        Object value = settings.value();
        if (async && futureValueType != null && !futureValueType.equals("java.lang.Object")) {
            Result fitted = forConstant(settings, futureValueType, false, null);
            return fitted.problem() == null ? fitted
                    : problem(fitted.problem().replace("the return type", "the value type of the returned future"));
        }
        if (async || returnType.equals("java.lang.Object")) {
            return ok(value instanceof List ? Fallback.emptyCollection(true)
                    : value instanceof Map ? Fallback.emptyCollection(false) : Fallback.constant(value));
        }
        if (returnType.equals("void")) {
            return value == null ? ok(Fallback.constant(null))
                    : problem("a void method can only fall back to null (returns normally), not " + written(value));
        }
        if (value == null) {
            return BOXES.containsKey(returnType)
                    ? problem("null does not fit the primitive return type " + returnType)
                    : ok(Fallback.constant(null));
        }
        if (value instanceof String text) {
            if ((returnType.equals("char") || returnType.equals("java.lang.Character")) && text.length() == 1) {
                return ok(Fallback.constant(text.charAt(0))); // the YAML string "c": the one way to write a char
            }
            return returnType.equals("java.lang.String") || returnType.equals("java.lang.CharSequence")
                    ? ok(Fallback.constant(text))
                    : problem("the string \"" + text + "\" does not fit the return type " + returnType
                            + (returnType.equals("char") || returnType.equals("java.lang.Character") ? " (one character does)" : ""));
        }
        if (value instanceof Boolean flag) {
            return returnType.equals("boolean") || returnType.equals("java.lang.Boolean")
                    ? ok(Fallback.constant(flag))
                    : problem("the boolean " + flag + " does not fit the return type " + returnType);
        }
        if (value instanceof Number number) {
            return number(number, returnType);
        }
        if (value instanceof List) {
            return List.of("java.util.List", "java.util.Collection", "java.lang.Iterable", "java.util.ArrayList")
                    .contains(returnType) ? ok(Fallback.emptyCollection(true))
                    : problem("[] is an empty java.util.List: it needs a List, Collection or Iterable as the return type,"
                            + " not " + returnType);
        }
        if (value instanceof Map) {
            return List.of("java.util.Map", "java.util.HashMap").contains(returnType)
                    ? ok(Fallback.emptyCollection(false))
                    : problem("{} is an empty java.util.Map: it needs a Map as the return type, not " + returnType);
        }
        return problem("unsupported fallback value " + value);
    }

    /** The value as the policy wrote it: a string quoted (an empty one would otherwise read as nothing), [] and {} for collections. */
    private static String written(Object value) {
        return value instanceof String text ? "\"" + text + "\""
                : value instanceof List ? "[]" : value instanceof Map ? "{}" : String.valueOf(value);
    }

    private static Result number(Number number, String returnType) {
        String type = returnType.startsWith("java.lang.") ? unbox(returnType.substring("java.lang.".length())) : returnType;
        boolean integral = number.doubleValue() == Math.rint(number.doubleValue());
        Object converted = switch (type) {
            case "int" -> integral && number.longValue() == number.intValue() ? number.intValue() : null;
            case "long" -> integral ? number.longValue() : null;
            case "short" -> integral && number.longValue() == number.shortValue() ? number.shortValue() : null;
            case "byte" -> integral && number.longValue() == number.byteValue() ? number.byteValue() : null;
            case "double" -> number.doubleValue();
            // past a float's range it would be Infinity, and a non-zero value too small for one 0
            case "float" -> Float.isInfinite(number.floatValue()) || number.floatValue() == 0 && number.doubleValue() != 0
                    ? null : number.floatValue();
            case "Number" -> number;
            default -> null;
        };
        return converted == null
                ? problem("the number " + number + " does not fit the return type " + returnType)
                : ok(Fallback.constant(converted));
    }

    private static String unbox(String simple) {
        return switch (simple) {
            case "Integer" -> "int";
            case "Long" -> "long";
            case "Short" -> "short";
            case "Byte" -> "byte";
            case "Double" -> "double";
            case "Float" -> "float";
            default -> simple;
        };
    }

    /**
     * Checks {@code Class#method} against the method being instrumented, from class files only
     * (nothing is loaded while a class is being transformed): a static method of that name taking
     * the same parameters, optionally followed by a {@code Throwable}, whose return type fits. The
     * fallback keeps the chosen method's descriptor and resolves it by reflection on first use.
     *
     * @param pool reads class files through the instrumented class's own loader
     */
    static Result forMethod(FallbackSettings settings, MethodDescription target, TypePool pool) {
        String reference = settings.method();
        int hash = reference.indexOf('#');
        String className = reference.substring(0, hash);
        String methodName = reference.substring(hash + 1);
        TypePool.Resolution resolution = pool.describe(className);
        if (!resolution.isResolved()) {
            return problem("fallback class " + className + " is not visible from the class loader of "
                    + target.getDeclaringType().asErasure().getName());
        }
        TypeDescription owner = resolution.resolve();
        List<TypeDescription> parameters = target.getParameters().asTypeList().asErasures();
        TypeDescription returnType = target.getReturnType().asErasure();
        boolean named = false;
        for (MethodDescription.InDefinedShape candidate : owner.getDeclaredMethods()) {
            if (!candidate.getName().equals(methodName) || candidate.isConstructor()) {
                continue;
            }
            named = true;
            List<TypeDescription> types = candidate.getParameters().asTypeList().asErasures();
            boolean same = types.equals(parameters);
            boolean withThrowable = types.size() == parameters.size() + 1
                    && types.subList(0, parameters.size()).equals(parameters)
                    && TAKES_THROWABLE.contains(types.get(parameters.size()).getName());
            if (candidate.isStatic() && (same || withThrowable)
                    && returnFits(candidate.getReturnType().asErasure(), returnType)) {
                return ok(Fallback.lazyMethod(settings, className, methodName, candidate.getDescriptor(), withThrowable,
                        returnType.isPrimitive() && !returnType.represents(void.class)));
            }
        }
        String wanted = "a static method " + methodName + "(" + names(parameters) + ") or " + methodName + "("
                + names(parameters) + (parameters.isEmpty() ? "" : ", ") + "Throwable) returning "
                + returnType.getName();
        return problem(named ? "no overload of " + reference + " fits: needs " + wanted
                : "there is no method " + reference + "; needs " + wanted);
    }

    private static String names(List<TypeDescription> types) {
        return String.join(", ", types.stream().map(dev.resilience.agent.matching.DescribedMethods::typeName).toList());
    }

    private static boolean returnFits(TypeDescription fallback, TypeDescription target) {
        if (target.represents(void.class) || fallback.equals(target)) {
            return true;
        }
        if (fallback.represents(void.class)) {
            return false;
        }
        if (target.isPrimitive() || fallback.isPrimitive()) {
            TypeDescription boxedFallback = fallback.isPrimitive() ? boxed(fallback) : fallback;
            return target.isPrimitive() ? boxed(target).equals(boxedFallback)
                    : target.isAssignableFrom(boxedFallback);
        }
        try {
            return target.isAssignableFrom(fallback);
        } catch (RuntimeException unresolvable) {
            return false;   // a supertype's class file is missing: cannot prove it fits
        }
    }

    private static TypeDescription boxed(TypeDescription primitive) {
        return TypeDescription.ForLoadedType.of(BOXES.get(primitive.getName()));
    }

    private static Result ok(Fallback fallback) {
        return new Result(fallback, null);
    }

    private static Result problem(String message) {
        return new Result(null, message);
    }
}
