package dev.resilience.agent.matching;

import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDefinition;
import net.bytebuddy.description.type.TypeDescription;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@link DeclaredMethod}s from a Byte Buddy type description (from a {@code TypePool}, so
 * no class is loaded): for {@code explain} and the fallback checks, which describe types anyway.
 * Gives the same records as {@link DeclaredMethods} reading the class file. Kept apart from it so
 * the transformer's path loads none of Byte Buddy's description types. Stateless and thread-safe.
 */
public final class DescribedMethods {
    private DescribedMethods() {
    }

    /** The methods {@code type} declares, constructors and static initialisers left out. */
    public static List<DeclaredMethod> of(TypeDescription type) {
        List<DeclaredMethod> methods = new ArrayList<>();
        for (MethodDescription.InDefinedShape method : type.getDeclaredMethods()) {
            if (method.isConstructor() || method.isTypeInitializer()) {
                continue;
            }
            methods.add(of(method));
        }
        return methods;
    }

    public static DeclaredMethod of(MethodDescription method) {
        List<String> parameters = new ArrayList<>();
        for (TypeDescription parameter : method.getParameters().asTypeList().asErasures()) {
            parameters.add(typeName(parameter));
        }
        List<String> exceptions = new ArrayList<>();
        for (TypeDescription exception : method.getExceptionTypes().asErasures()) {
            exceptions.add(typeName(exception));
        }
        String returnType = typeName(method.getReturnType().asErasure());
        return new DeclaredMethod(method.getInternalName(), method.getDescriptor(), parameters, returnType, exceptions,
                method.getModifiers(), method.isBridge() || method.isSynthetic(),
                DeclaredMethod.isFuture(returnType) ? futureValueType(method.getReturnType()) : null);
    }

    /** As {@link DeclaredMethod#futureValueType(String)} reads it from the signature. */
    private static String futureValueType(TypeDescription.Generic future) {
        if (future.getSort() != TypeDefinition.Sort.PARAMETERIZED || future.getTypeArguments().isEmpty()) {
            return null;
        }
        TypeDescription.Generic value = future.getTypeArguments().get(0);
        return value.getSort() == TypeDefinition.Sort.NON_GENERIC && !value.isArray()
                || value.getSort() == TypeDefinition.Sort.PARAMETERIZED ? value.asErasure().getName() : null;
    }

    /** {@code java.lang.String}, {@code byte[]}, {@code int}: the way a policy writes types. */
    public static String typeName(TypeDefinition type) {
        if (type.isArray()) {
            return typeName(type.getComponentType()) + "[]";
        }
        return type.asErasure().getName();
    }
}
