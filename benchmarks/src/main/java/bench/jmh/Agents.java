package bench.jmh;

import bench.services.AgentProbe;
import bench.services.FloorService;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Guards against the worst benchmark error: measuring an unwrapped method and calling it the
 * agent. Each benchmark's setup checks that the agents it measures are really attached.
 */
final class Agents {
    static final String HOW = " (run benchmarks/run.sh, or pass -jvmArgsAppend \"-javaagent:agent/target/resilience-agent.jar="
            + "policy=benchmarks/src/main/resources/bench-policy.yaml -javaagent:benchmarks/target/benchmarks-bytebuddy-agent.jar"
            + "=bench.services.FloorService\")";

    private Agents() {
    }

    /** Fails unless the resilience agent instruments bench.services with bench-policy.yaml. */
    static void requireResilienceAgent() {
        try {
            new AgentProbe().call();
        } catch (IOException notRetried) {
            throw new IllegalStateException("the resilience agent is not attached with bench-policy.yaml" + HOW, notRetried);
        }
    }

    /** Fails unless the Byte Buddy reference agent counts entries of {@link FloorService}. */
    static void requireByteBuddyFloor() {
        try {
            Class<?> agent = Class.forName("bench.agents.MinimalByteBuddyAgent", true, ClassLoader.getSystemClassLoader());
            long before = agent.getField("calls").getLong(null);
            new FloorService().get(0);
            if (agent.getField("calls").getLong(null) == before) {
                throw new IllegalStateException("the Byte Buddy reference agent does not instrument bench.services.FloorService" + HOW);
            }
        } catch (ReflectiveOperationException | IOException e) {
            throw new IllegalStateException("the Byte Buddy reference agent is not attached" + HOW, e);
        }
    }

    /**
     * The rule's success count, read from the agent's JMX bean. The agent registers its beans on its
     * own thread once the JVM has a platform MBean server, so this waits for the bean.
     */
    static long successes(String rule) {
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            ObjectName name = new ObjectName("resilience-agent:type=Rule,name=" + rule);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!server.isRegistered(name)) {
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException("the resilience agent registered no JMX bean " + name + " within 10 s");
                }
                Thread.sleep(10);
            }
            return (Long) server.getAttribute(name, "Successes");
        } catch (JMException e) {
            throw new IllegalStateException("cannot read the successes of rule " + rule + " over JMX", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the agent's JMX bean", e);
        }
    }

    /**
     * Fails unless the agent counted exactly one success per benchmark call of the rule's method: a
     * build that let calls through unprotected (or counted them wrongly) must not produce a figure.
     *
     * @param before the rule's successes when the trial started
     * @param calls  the benchmark calls made in the trial, warm-up included
     */
    static void requireEveryCallCounted(String rule, long before, long calls) {
        long counted = successes(rule) - before;
        if (counted != calls) {
            throw new IllegalStateException("rule " + rule + ": the benchmark made " + calls + " calls but the agent counted "
                    + counted + " successes: the figure does not measure protected calls");
        }
    }
}
