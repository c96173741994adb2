package dev.resilience.agent.instrument;

import java.lang.invoke.MethodType;
import java.lang.reflect.Method;

/** Finds a declared method by its JVM descriptor, the form the transformer records. */
final class Descriptors {
    private Descriptors() {
    }

    static Method findDeclared(Class<?> owner, String name, String descriptor) throws NoSuchMethodException {
        for (Method candidate : owner.getDeclaredMethods()) {
            if (candidate.getName().equals(name) && descriptor.equals(
                    MethodType.methodType(candidate.getReturnType(), candidate.getParameterTypes()).toMethodDescriptorString())) {
                return candidate;
            }
        }
        throw new NoSuchMethodException(owner.getName() + "." + name + descriptor);
    }
}
