package dev.resilience.agent.matching;

import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@link DeclaredMethod}s from a class file, for the transformer: nothing is described or
 * loaded. {@link DescribedMethods} gives the same records from a Byte Buddy type description, for
 * {@code explain}. Only used once a rule selected the class. Stateless and thread-safe.
 */
public final class DeclaredMethods {
    private DeclaredMethods() {
    }

    /**
     * The methods a class file declares, constructors and static initialisers left out, without
     * describing the class.
     */
    public static List<DeclaredMethod> of(byte[] classFile) {
        return of(new ClassReader(classFile));
    }

    /**
     * As {@link #of(byte[])}, from a reader the caller goes on to use (the weaver reads the same
     * class next, and finds the names read here already decoded). The method table is walked
     * directly rather than through the reader's visitor: this runs on the thread loading each
     * instrumented class, mostly before the JIT has compiled it, and the visitor's pass over the
     * whole class cost several times as much (issue 8).
     */
    public static List<DeclaredMethod> of(ClassReader classFile) {
        char[] buffer = new char[classFile.getMaxStringLength()];
        int at = methodsStart(classFile);
        int count = classFile.readUnsignedShort(at);
        at += 2;
        List<DeclaredMethod> methods = new ArrayList<>(count);
        for (int m = 0; m < count; m++) {
            int access = classFile.readUnsignedShort(at);
            String name = classFile.readUTF8(at + 2, buffer);
            String descriptor = classFile.readUTF8(at + 4, buffer);
            int attributes = classFile.readUnsignedShort(at + 6);
            at += 8;
            List<String> thrown = List.of();
            String signature = null;
            for (int a = 0; a < attributes; a++) {
                String attribute = classFile.readUTF8(at, buffer);
                int length = classFile.readInt(at + 2);
                if (attribute.equals("Exceptions")) {
                    thrown = exceptions(classFile, at + 6, buffer);
                } else if (attribute.equals("Synthetic")) {
                    access |= Opcodes.ACC_SYNTHETIC; // how class files before Java 5 said it
                } else if (attribute.equals("Signature") && returnsFuture(descriptor)) {
                    signature = classFile.readUTF8(at + 6, buffer); // only a future's value type is read from it
                }
                at += 6 + length;
            }
            if (!name.startsWith("<")) {
                methods.add(method(name, descriptor, thrown, access, signature));
            }
        }
        return methods;
    }

    private static boolean returnsFuture(String descriptor) {
        return descriptor.endsWith(")Ljava/util/concurrent/CompletionStage;")
                || descriptor.endsWith(")Ljava/util/concurrent/CompletableFuture;");
    }

    /** Where the method table starts: after the class's header, interfaces and fields. */
    public static int methodsStart(ClassReader classFile) {
        int at = classFile.header + 6; // access, this class, super class
        at += 2 + 2 * classFile.readUnsignedShort(at); // interfaces
        int fields = classFile.readUnsignedShort(at);
        at += 2;
        for (int f = 0; f < fields; f++) {
            int attributes = classFile.readUnsignedShort(at + 6);
            at += 8;
            for (int a = 0; a < attributes; a++) {
                at += 6 + classFile.readInt(at + 2);
            }
        }
        return at;
    }

    private static List<String> exceptions(ClassReader classFile, int at, char[] buffer) {
        int count = classFile.readUnsignedShort(at);
        List<String> thrown = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            thrown.add(Type.getObjectType(classFile.readClass(at + 2 + 2 * i, buffer)).getClassName());
        }
        return thrown;
    }

    private static DeclaredMethod method(String name, String descriptor, List<String> thrown, int access, String signature) {
        Type[] arguments = Type.getArgumentTypes(descriptor);
        List<String> parameters = new ArrayList<>(arguments.length);
        for (Type argument : arguments) {
            parameters.add(argument.getClassName());
        }
        String returnType = Type.getReturnType(descriptor).getClassName();
        String futureValue = signature == null ? null : DeclaredMethod.futureValueType(signature);
        return new DeclaredMethod(name, descriptor, parameters, returnType, thrown, access,
                (access & (Opcodes.ACC_BRIDGE | Opcodes.ACC_SYNTHETIC)) != 0, futureValue);
    }
}
