package dev.resilience.agent.instrument;

import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The warm-up names classes by string; a class renamed must not silently drop out of it. */
class CallPathWarmupTest {
    @Test
    void everyClassTheWarmupNamesExists() {
        List<String> names = new ArrayList<>(CallPathWarmup.COMMON);
        names.addAll(CallPathWarmup.HANDOFF);
        names.addAll(CallPathWarmup.ASYNC);
        names.addAll(CallPathWarmup.INITIALISED_EARLY);
        ClassLoader loader = CallPathWarmup.class.getClassLoader();

        assertThat(names).isNotEmpty().allSatisfy(name ->
                assertThat(Class.forName(name, false, loader).getName()).isEqualTo(name));
    }

    /**
     * A static initialiser on the call path that the agent does not run early runs in the first
     * protected call, wherever that is: at the end of a deep recursion it can overflow the stack, and
     * the class is then unusable for the JVM's life, every call of every rule unprotected (CI: a
     * constant computed with a method call gave {@code HandoffDispatch} one).
     */
    @Test
    void everyClassOfTheCallPathWithAStaticInitialiserIsInitialisedEarly() throws Exception {
        List<String> callPath = new ArrayList<>(List.of(
                "dev.resilience.agent.instrument.Dispatch",
                "dev.resilience.agent.instrument.HandoffDispatch",
                "dev.resilience.agent.instrument.Frame",
                "dev.resilience.agent.instrument.Site",
                "dev.resilience.agent.instrument.Binding"));
        callPath.addAll(CallPathWarmup.COMMON);
        callPath.addAll(CallPathWarmup.HANDOFF);
        callPath.addAll(CallPathWarmup.ASYNC);
        // initialised by the warm-up, which calls wait for, through the accessor that makes the workers
        List<String> byTheWarmup = List.of("dev.resilience.agent.core.TimeoutWorkers",
                "dev.resilience.agent.core.TimeoutWorkers$Worker");

        List<String> initialisedLate = new ArrayList<>();
        for (String name : callPath) {
            if (name.startsWith("dev.resilience.") && hasStaticInitialiser(name)
                    && !CallPathWarmup.INITIALISED_EARLY.contains(name) && !byTheWarmup.contains(name)) {
                initialisedLate.add(name);
            }
        }
        assertThat(initialisedLate).isEmpty();
    }

    private static boolean hasStaticInitialiser(String name) throws java.io.IOException {
        try (java.io.InputStream in = CallPathWarmup.class.getClassLoader()
                .getResourceAsStream(name.replace('.', '/') + ".class")) {
            assertThat(in).as(name).isNotNull();
            boolean[] found = {false};
            new ClassReader(in.readAllBytes()).accept(new ClassVisitor(Opcodes.ASM9) {
                @Override
                public MethodVisitor visitMethod(int access, String method, String descriptor, String signature,
                                                 String[] exceptions) {
                    found[0] |= method.equals("<clinit>");
                    return null;
                }
            }, ClassReader.SKIP_CODE);
            return found[0];
        }
    }
}
