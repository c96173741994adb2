package dev.resilience.agent.instrument;

import java.lang.instrument.Instrumentation;
import java.util.Map;
import java.util.Set;

/**
 * Opens the package of a protected class in a named module to the agent, so the agent can run the
 * method's body by reflection (a hand-off to a timeout worker, a fallback method): a module opens
 * none of its packages to the agent's unnamed module, and {@code setAccessible} then fails even
 * for a public method. Only the package of a class a rule protects is opened, and only to the
 * agent. Thread-safe.
 */
public final class ModuleAccess {
    private static volatile Instrumentation instrumentation;

    private ModuleAccess() {
    }

    /** Called once the agent has its {@link Instrumentation}; before that nothing is opened. */
    public static void install(Instrumentation given) {
        instrumentation = given;
    }

    /**
     * Opens {@code type}'s package to the agent when it lies in a named module that does not open
     * it already. Never throws: without it, the failure to reach the method is reported where it
     * happens, and the method runs unprotected, as before.
     */
    static void openToAgent(Class<?> type) {
        try {
            Module module = type.getModule();
            Module agent = ModuleAccess.class.getModule();
            String pkg = type.getPackageName();
            Instrumentation current = instrumentation;
            if (!module.isNamed() || module.isOpen(pkg, agent) || current == null || !current.isModifiableModule(module)) {
                return;
            }
            current.redefineModule(module, Set.of(), Map.of(), Map.of(pkg, Set.of(agent)), Set.of(), Map.of());
        } catch (RuntimeException | LinkageError ignored) {
            // the reflective access that follows fails and is reported there
        }
    }
}
