package dev.resilience.agent.cli;

import java.util.Arrays;
import java.util.List;

/**
 * {@code java -jar resilience-agent.jar VERB ...}: dispatches to one command class per verb. Each
 * command returns its exit code; only this class exits. Stateless.
 */
public final class Cli {
    static final String USAGE = String.join(System.lineSeparator(),
            "usage: java -jar resilience-agent.jar COMMAND ...",
            "commands:",
            "  validate [--verbose] FILE   check a policy file; --verbose prints each rule's effective settings",
            "  explain POLICY --classpath CP [--strict] [--json]",
            "                              list what each rule matches on a class path, and what looks wrong",
            "  attach PID POLICY [KEY=VALUE ...]",
            "                              load the agent into a running JVM (again: replaces its policy)",
            "  attach --list               list the JVMs this user can attach to",
            "  version                     print the agent's version (also --version)");

    private Cli() { }

    public static void main(String[] args) {
        System.exit(run(Arrays.asList(args)));
    }

    static int run(List<String> args) {
        if (args.isEmpty()) {
            System.err.println(USAGE);
            return 2;
        }
        List<String> rest = args.subList(1, args.size());
        return switch (args.get(0)) {
            case "validate" -> ValidateCommand.run(rest, System.out, System.err);
            case "explain" -> ExplainCommand.run(rest, System.out, System.err);
            case "attach" -> AttachCommand.run(rest, System.out, System.err);
            case "version", "--version" -> {
                System.out.println(version());
                yield 0;
            }
            case "-h", "--help", "help" -> {
                System.out.println(USAGE);
                yield 0;
            }
            default -> {
                System.err.println("unknown command: " + args.get(0));
                System.err.println(USAGE);
                yield 2;
            }
        };
    }

    /** {@code resilience-agent 0.1.0}, from the jar's manifest ({@code Implementation-Version}). */
    static String version() {
        String version = Cli.class.getPackage().getImplementationVersion();
        return "resilience-agent " + (version == null ? "(version unknown: not run from its jar)" : version);
    }
}
