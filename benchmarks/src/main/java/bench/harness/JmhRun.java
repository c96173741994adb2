package bench.harness;

import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.util.ArrayList;
import java.util.List;

/**
 * JMH's command line, with the agents every benchmark fork needs appended to its JVM arguments:
 * the real resilience agent ({@code agent/target/resilience-agent.jar}) with
 * {@code bench-policy.yaml}, and the Byte Buddy reference agent on {@code bench.services.FloorService}.
 * Every fork - agent and comparators alike - runs with both, so all figures come from JVMs in
 * the same condition. {@code -Dbench.agent.extra=metrics.port=9464} appends agent arguments
 * (run.sh turns metrics on this way). Everything else is JMH's own options.
 */
public final class JmhRun {
    private JmhRun() {
    }

    public static void main(String[] args) throws Exception {
        CommandLineOptions command = new CommandLineOptions(args);
        if (command.shouldHelp() || command.shouldList() || command.shouldListProfilers()
                || command.shouldListResultFormats() || command.shouldListWithParams()) {
            org.openjdk.jmh.Main.main(args);
            return;
        }
        List<String> jvmArgs = new ArrayList<>(agentJvmArgs(System.getProperty("bench.agent.extra", "")));
        command.getJvmArgsAppend().orElse(List.of()).forEach(jvmArgs::add);
        System.out.println("# agents attached to every fork: " + String.join(" ", jvmArgs));
        new Runner(new OptionsBuilder().parent(command).jvmArgsAppend(jvmArgs.toArray(String[]::new)).build()).run();
    }

    /** The two -javaagent options; {@code extra} is appended to the resilience agent's argument. */
    public static List<String> agentJvmArgs(String extra) {
        String agent = BenchPaths.require(BenchPaths.agentJar(), "resilience agent jar").toString();
        String policy = BenchPaths.require(BenchPaths.benchPolicy(), "benchmark policy").toString();
        String floor = BenchPaths.require(BenchPaths.byteBuddyAgentJar(), "Byte Buddy reference agent").toString();
        String argument = "policy=" + policy + (extra == null || extra.isBlank() ? "" : "," + extra);
        return List.of("-javaagent:" + agent + "=" + argument, "-javaagent:" + floor + "=bench.services.FloorService");
    }
}
