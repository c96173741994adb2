package bench.jmh;

import bench.services.AgentProbe;
import bench.services.FloorService;

import java.io.IOException;

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
}
