package dev.resilience.agent.instrument;

import dev.resilience.agent.log.AgentLog;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Whether the classes of a class loader can see the agent's own classes, which the woven code
 * calls: a loader whose parents leave out the system class loader (one built on the platform
 * loader, an OSGi bundle's, the bootstrap loader) cannot. A class woven there would fail in its
 * advice on every call and run unprotected without a word (even the error report is an agent
 * class it cannot reach), so such a class is left alone, with one warning per loader. Asked once
 * per loader, only for classes a rule selects. Thread-safe.
 */
final class AgentVisibility {
    private static final Map<ClassLoader, Boolean> SEEN = Collections.synchronizedMap(new WeakHashMap<>());
    /** The bootstrap loader's answer (it has no key in {@link #SEEN}), once asked. */
    private static volatile Boolean bootstrapSees;

    private AgentVisibility() {
    }

    /** True when code defined by {@code loader} resolves the agent's classes to the agent's own. */
    static boolean sees(ClassLoader loader, String className) {
        if (loader == null) {
            Boolean known = bootstrapSees;
            if (known == null) {
                known = resolves(null);
                bootstrapSees = known;
                if (!known) {
                    warn("the bootstrap class loader", className);
                }
            }
            return known;
        }
        Boolean known = SEEN.get(loader);
        if (known == null) {
            known = resolves(loader);
            SEEN.put(loader, known);
            if (!known) {
                warn(describe(loader), className);
            }
        }
        return known;
    }

    private static boolean resolves(ClassLoader loader) {
        try {
            return Class.forName(Dispatch.class.getName(), false, loader) == Dispatch.class;
        } catch (ClassNotFoundException | LinkageError notVisible) {
            return false;
        }
    }

    /** A loader by its name when it has one ({@code plugin0}), not only by its identity hash. */
    private static String describe(ClassLoader loader) {
        String name = loader.getName();
        return name == null ? loader.toString() : "class loader '" + name + "' (" + loader.getClass().getName() + ")";
    }

    private static void warn(String loader, String className) {
        AgentLog.logger().warn("classes of " + loader + " cannot see the agent's classes, so the agent cannot protect"
                + " them: " + className + " and any other class of that loader a rule selects are left unchanged"
                + " (unprotected). Load them through a loader whose parents include the application class loader.");
    }
}
