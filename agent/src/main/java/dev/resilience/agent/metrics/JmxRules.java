package dev.resilience.agent.metrics;

import dev.resilience.agent.instrument.InstalledPolicy;
import dev.resilience.agent.log.AgentLog;
import dev.resilience.agent.policy.Rule;

import javax.management.InstanceAlreadyExistsException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Registers one {@link RuleMXBean} per rule in the platform MBean server. Creating that server
 * costs about half a second of class loading, so the agent never creates it on its own account:
 * it registers only once something in the JVM creates an MBean server (the application,
 * a JMX agent such as {@code -Dcom.sun.management.jmxremote} or jmx_exporter, or jconsole/VisualVM
 * attaching), on the agent's metrics thread. Rules added by a reload are registered on the next
 * {@link #register()}. Thread-safe.
 */
final class JmxRules {
    static final String DOMAIN = "resilience-agent";

    private final Inventory inventory;
    private final Supplier<InstalledPolicy> installed;
    private final Set<String> registered = new HashSet<>();
    private MBeanServer server;
    private volatile boolean active;

    JmxRules(Inventory inventory, Supplier<InstalledPolicy> installed) {
        this.inventory = inventory;
        this.installed = installed;
    }

    static ObjectName objectName(String rule) throws MalformedObjectNameException {
        return new ObjectName(DOMAIN + ":type=Rule,name=" + rule);
    }

    /** Registers the MBeans of rules not registered yet: the policy's rules and any rule seen on a method. */
    synchronized void register() {
        if (server == null) {
            server = ManagementFactory.getPlatformMBeanServer();
            active = true;
        }
        Set<String> rules = new LinkedHashSet<>();
        InstalledPolicy policy = installed.get();
        if (policy != null) {
            policy.policy().rules().stream().map(Rule::name).forEach(rules::add);
        }
        inventory.refresh();
        rules.addAll(inventory.rules());
        for (String rule : rules) {
            if (registered.contains(rule)) {
                continue;
            }
            try {
                server.registerMBean(new RuleControl(rule, inventory, installed), objectName(rule));
                registered.add(rule);
            } catch (InstanceAlreadyExistsException e) {
                registered.add(rule);
                AgentLog.logger().warn("JMX: " + DOMAIN + ":type=Rule,name=" + rule
                        + " is already registered (a second agent?); leaving it as it is");
            } catch (Exception e) {
                registered.add(rule);
                AgentLog.logger().error("JMX: could not register the MBean of rule " + rule + ": " + e);
            }
        }
    }

    /** True once the MBeans are registered (or being registered). Lock-free: asked on class-loading threads. */
    boolean active() {
        return active;
    }
}
