package dev.resilience.agent.instrument;

import dev.resilience.agent.log.AgentLog;
import dev.resilience.agent.matching.PolicyMatcher;
import dev.resilience.agent.matching.RuleSelector;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The agent's class-file transformer. A plain {@link ClassFileTransformer} rather than Byte
 * Buddy's AgentBuilder: it rejects almost every class by name before any Byte Buddy class is
 * loaded, which is what keeps start-up cheap (see BENCHMARKS.md). It never throws: a class it
 * cannot handle is left as it was and the problem is logged once. Thread-safe.
 */
public final class ResilienceTransformer implements ClassFileTransformer {
    private volatile InstalledPolicy installed;
    private final List<Site> instrumented = new CopyOnWriteArrayList<>();

    public ResilienceTransformer(InstalledPolicy installed) {
        this.installed = installed;
        TestFaults.load(); // the test-only switch is read at start-up, never later
    }

    public InstalledPolicy installed() {
        return installed;
    }

    public void install(InstalledPolicy policy) {
        this.installed = policy;
    }

    /** Every site instrumented so far. */
    public List<Site> sites() {
        return instrumented;
    }

    @Override
    public byte[] transform(ClassLoader loader, String internalName, Class<?> classBeingRedefined,
                            ProtectionDomain protectionDomain, byte[] classfileBuffer) {
        if (internalName == null) {
            return null;
        }
        InstalledPolicy policy = installed;
        String className = null;
        try {
            className = internalName.replace('/', '.');
            List<RuleSelector> selected = policy.matcher().select(loader, className, classfileBuffer);
            if (selected.isEmpty()) {
                return null;
            }
            ClassInstrumenter.Result result = ClassInstrumenter.instrument(loader, className, classfileBuffer, selected, policy);
            if (result.bytes() == null) {
                return null;
            }
            instrumented.addAll(result.sites());
            AgentLog.logger().info(summary(className, result.sites()));
            return result.bytes();
        } catch (Throwable error) {
            AgentErrors.report("instrumenting " + className + " (left unchanged)", error);
            return null;
        }
    }

    private String summary(String className, List<Site> sites) {
        StringBuilder line = new StringBuilder("instrumented ").append(className).append(':');
        ClassInstrumenter.countByRule(sites).forEach((rule, count) ->
                line.append(" rule ").append(rule).append(" (").append(count).append(count == 1 ? " method)" : " methods)"));
        return line.toString();
    }

    /** True for classes the policy cannot select whatever their content: lets retransformation skip them cheaply. */
    public static boolean neverInstrumented(String className) {
        return PolicyMatcher.isIgnored(className);
    }
}
