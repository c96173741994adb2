package dev.resilience.agent.instrument;

import dev.resilience.agent.policy.FallbackSettings;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Turns a rule's {@code fallback} into a {@link Fallback} for one method, checking that it fits
 * the method's return type. Problems come back as a message for the operator, never thrown.
 */
final class FallbackFactory {
    private static final Map<String, Class<?>> BOXES = Map.of(
            "int", Integer.class, "long", Long.class, "short", Short.class, "byte", Byte.class,
            "double", Double.class, "float", Float.class, "boolean", Boolean.class, "char", Character.class);

    private FallbackFactory() {
    }

    /** The result of a conversion: a fallback, or why the setting does not fit the method. */
    record Result(Fallback fallback, String problem) { }

    /**
     * @param returnType the method's return type name ({@code int}, {@code java.lang.String}, ...)
     * @param async      true when the method returns a future: the constant is the future's value
     */
    static Result forConstant(FallbackSettings settings, String returnType, boolean async) {
        Object value = settings.value();
        if (async || returnType.equals("java.lang.Object")) {
            return ok(value instanceof List ? Fallback.emptyCollection(true)
                    : value instanceof Map ? Fallback.emptyCollection(false) : Fallback.constant(value));
        }
        if (returnType.equals("void")) {
            return value == null ? ok(Fallback.constant(null))
                    : problem("a void method can only fall back to null (returns normally), not " + value);
        }
        if (value == null) {
            return BOXES.containsKey(returnType)
                    ? problem("null does not fit the primitive return type " + returnType)
                    : ok(Fallback.constant(null));
        }
        if (value instanceof String text) {
            return returnType.equals("java.lang.String") || returnType.equals("java.lang.CharSequence")
                    ? ok(Fallback.constant(text))
                    : problem("a string does not fit the return type " + returnType);
        }
        if (value instanceof Boolean flag) {
            return returnType.equals("boolean") || returnType.equals("java.lang.Boolean")
                    ? ok(Fallback.constant(flag))
                    : problem("a boolean does not fit the return type " + returnType);
        }
        if (value instanceof Number number) {
            return number(number, returnType);
        }
        if (value instanceof List) {
            return List.of("java.util.List", "java.util.Collection", "java.lang.Iterable", "java.util.ArrayList")
                    .contains(returnType) ? ok(Fallback.emptyCollection(true))
                    : problem("[] needs a List/Collection/Iterable return type, not " + returnType);
        }
        if (value instanceof Map) {
            return List.of("java.util.Map", "java.util.HashMap").contains(returnType)
                    ? ok(Fallback.emptyCollection(false))
                    : problem("{} needs a Map return type, not " + returnType);
        }
        return problem("unsupported fallback value " + value);
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
            case "float" -> number.floatValue();
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
     * Resolves {@code Class#method} through the instrumented class's own loader: a static method
     * with the same parameters, optionally followed by a Throwable, whose return type fits.
     */
    static Result forMethod(FallbackSettings settings, Method target) {
        String reference = settings.method();
        int hash = reference.indexOf('#');
        String className = reference.substring(0, hash);
        String methodName = reference.substring(hash + 1);
        Class<?> owner;
        try {
            owner = Class.forName(className, false, target.getDeclaringClass().getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return problem("fallback class " + className + " not found by " + target.getDeclaringClass().getName() + "'s class loader");
        }
        Class<?>[] parameters = target.getParameterTypes();
        for (Method candidate : owner.getDeclaredMethods()) {
            if (!candidate.getName().equals(methodName) || !Modifier.isStatic(candidate.getModifiers())) {
                continue;
            }
            Class<?>[] types = candidate.getParameterTypes();
            boolean same = Arrays.equals(types, parameters);
            boolean withThrowable = types.length == parameters.length + 1
                    && Arrays.equals(Arrays.copyOf(types, parameters.length), parameters)
                    && types[parameters.length].isAssignableFrom(Throwable.class);
            if ((same || withThrowable) && returnFits(candidate.getReturnType(), target.getReturnType())) {
                candidate.setAccessible(true);
                return ok(Fallback.method(candidate, withThrowable));
            }
        }
        return problem("no static method " + reference + " taking " + Arrays.toString(parameters)
                + " (optionally followed by Throwable) and returning " + target.getReturnType().getName());
    }

    private static boolean returnFits(Class<?> fallbackType, Class<?> targetType) {
        return targetType == void.class || targetType.isAssignableFrom(fallbackType)
                || (targetType.isPrimitive() && BOXES.get(targetType.getName()) == fallbackType)
                || fallbackType == targetType;
    }

    private static Result ok(Fallback fallback) {
        return new Result(fallback, null);
    }

    private static Result problem(String message) {
        return new Result(null, message);
    }
}
