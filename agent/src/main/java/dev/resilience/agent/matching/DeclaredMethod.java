package dev.resilience.agent.matching;

import java.util.List;

/**
 * A method as its class file declares it, in the form rules are matched against: the agent reads
 * it from the class being transformed ({@link DeclaredMethods}), {@code explain} from the class
 * path ({@link DescribedMethods}). Type names are written the way a policy writes them
 * ({@code java.lang.String}, {@code byte[]}, {@code int}). Immutable.
 *
 * @param descriptor        the JVM descriptor, e.g. {@code (Ljava/lang/String;)V}
 * @param modifiers         the class file's access flags (bridge, varargs and synthetic bits included)
 * @param bridgeOrSynthetic true for compiler-generated methods, which are never matched
 * @param futureValueType   for a method returning {@code CompletionStage<X>} or
 *                          {@code CompletableFuture<X>}, the class {@code X} (erased), from the generic
 *                          signature; null for other methods, or when {@code X} is a type variable, a
 *                          wildcard or an array, or the signature is absent
 */
public record DeclaredMethod(String name, String descriptor, List<String> parameterTypes, String returnType,
                             List<String> exceptionTypes, int modifiers, boolean bridgeOrSynthetic,
                             String futureValueType) {
    public DeclaredMethod {
        parameterTypes = List.copyOf(parameterTypes);
        exceptionTypes = List.copyOf(exceptionTypes);
    }

    public DeclaredMethod(String name, String descriptor, List<String> parameterTypes, String returnType,
                          List<String> exceptionTypes, int modifiers, boolean bridgeOrSynthetic) {
        this(name, descriptor, parameterTypes, returnType, exceptionTypes, modifiers, bridgeOrSynthetic, null);
    }

    /** True for the return types whose methods are protected asynchronously. */
    public static boolean isFuture(String returnType) {
        return returnType.equals("java.util.concurrent.CompletionStage")
                || returnType.equals("java.util.concurrent.CompletableFuture");
    }

    /**
     * The erased class of a future's value, from a method's generic signature
     * ({@code (...)Ljava/util/concurrent/CompletionStage<Ljava/lang/Integer;>;} gives
     * {@code java.lang.Integer}); null when it is not a plain or parameterized class.
     */
    static String futureValueType(String signature) {
        int close = signature.indexOf(')');
        int open = close < 0 ? -1 : signature.indexOf('<', close);
        if (open < 0 || open + 1 >= signature.length() || signature.charAt(open + 1) != 'L') {
            return null;
        }
        int end = open + 2;
        while (end < signature.length() && signature.charAt(end) != ';' && signature.charAt(end) != '<') {
            end++;
        }
        return end >= signature.length() ? null : signature.substring(open + 2, end).replace('/', '.');
    }

    /** {@code get(java.lang.String)}: the method part of {@code Class#method(params)}. */
    public String signature() {
        return name + "(" + String.join(",", parameterTypes) + ")";
    }

    /** True for constructors and static initialisers, which no rule ever matches. */
    public boolean isInitializer() {
        return name.startsWith("<");
    }
}
