package dev.resilience.agent.matching;

import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@link DeclaredMethod}s from a class file with ASM's reader alone, for the transformer:
 * nothing is described or loaded. {@link DescribedMethods} gives the same records from a Byte
 * Buddy type description, for {@code explain}. Only used once a rule selected the class.
 * Stateless and thread-safe.
 */
public final class DeclaredMethods {
    private DeclaredMethods() {
    }

    /** Access flags as the class file has them: ASM's own marker bits (deprecated, record) left out. */
    private static final int CLASS_FILE_FLAGS = 0xFFFF;

    /**
     * The methods a class file declares, constructors and static initialisers left out, without
     * describing the class: the reader skips code, debug information and frames.
     */
    public static List<DeclaredMethod> of(byte[] classFile) {
        return of(new ClassReader(classFile));
    }

    /** As {@link #of(byte[])}, from a reader the caller goes on to use (the weaver reads the same class next). */
    public static List<DeclaredMethod> of(ClassReader classFile) {
        Collector collector = new Collector();
        classFile.accept(collector, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        return collector.methods;
    }

    /** A named class rather than a lambda or anonymous class: runs as the first class is instrumented (issue 8). */
    private static final class Collector extends ClassVisitor {
        private final List<DeclaredMethod> methods = new ArrayList<>();

        Collector() {
            super(Opcodes.ASM9);
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
            if (!name.startsWith("<")) {
                Type[] arguments = Type.getArgumentTypes(descriptor);
                List<String> parameters = new ArrayList<>(arguments.length);
                for (Type argument : arguments) {
                    parameters.add(argument.getClassName());
                }
                List<String> thrown = new ArrayList<>(exceptions == null ? 0 : exceptions.length);
                if (exceptions != null) {
                    for (String exception : exceptions) {
                        thrown.add(Type.getObjectType(exception).getClassName());
                    }
                }
                int modifiers = access & CLASS_FILE_FLAGS;
                methods.add(new DeclaredMethod(name, descriptor, parameters, Type.getReturnType(descriptor).getClassName(),
                        thrown, modifiers, (modifiers & (Opcodes.ACC_BRIDGE | Opcodes.ACC_SYNTHETIC)) != 0));
            }
            return null;
        }
    }
}
