package dev.resilience.agent.cli;

import dev.resilience.agent.AgentArguments;
import dev.resilience.agent.AgentMain;

import dev.resilience.agent.policy.LoadResult;
import dev.resilience.agent.policy.PolicyError;
import dev.resilience.agent.policy.PolicyLoader;
import net.bytebuddy.agent.ByteBuddyAgent;

import java.io.File;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code attach PID POLICY [KEY=VALUE ...]} loads this jar as an agent into a running JVM of the
 * same user (Byte Buddy's attach support), which then instruments the classes it has already
 * loaded, in batches. Attaching again replaces the policy in force (never wraps a method twice).
 * Extra {@code KEY=VALUE} pairs are agent arguments ({@code log=debug}, {@code reload=false}).
 * The policy is validated here first; afterwards the command reads back the status the agent
 * published in the target. {@code attach --list} lists the JVMs it can see. Exit 0 on success,
 * 1 when the policy is invalid or the attach failed or was rejected, 2 on usage errors. Stateless.
 */
public final class AttachCommand {
    static final String USAGE = "usage: java -jar resilience-agent.jar attach [--force] PID POLICY [KEY=VALUE ...]\n"
            + "       java -jar resilience-agent.jar attach --list";

    private AttachCommand() { }

    public static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.size() == 1 && (args.get(0).equals("--list") || args.get(0).equals("-l"))) {
            return list(out);
        }
        boolean force = !args.isEmpty() && args.get(0).equals("--force");
        if (force) {
            args = args.subList(1, args.size());
        }
        if (args.size() < 2) {
            return usage(err, args.isEmpty() ? "which JVM (PID) and which policy?" : "which policy?");
        }
        String given = args.get(0);
        if (given.isEmpty() || given.length() > 18 || !given.chars().allMatch(Character::isDigit)) {
            return usage(err, "'" + given + "' is not a process id (see attach --list)");
        }
        String pid = String.valueOf(Long.parseLong(given)); // "0123" is process 123 to every attach path
        if (Long.parseLong(pid) == ProcessHandle.current().pid()) {
            // (audit) the agent would load into this short-lived command, which then exits: nothing to attach to
            return usage(err, pid + " is this command's own JVM; give the application's PID (see attach --list)");
        }
        String policyFile = args.get(1);
        List<String> extras = new ArrayList<>();
        for (String extra : args.subList(2, args.size())) {
            if (!extra.contains("=") || extra.startsWith("policy=") || extra.contains(",")) {
                return usage(err, "'" + extra + "': expected an agent argument KEY=VALUE other than policy"
                        + " (log, reload, failOnInvalidPolicy, metrics.port, metrics.host)");
            }
            extras.add(extra);
        }
        Path policy;
        try {
            policy = Path.of(policyFile).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            out.println(policyFile + ": cannot read: not a valid path");
            return 1;
        }
        LoadResult result = PolicyLoader.load(policy, dev.resilience.agent.log.LogText.printable(policyFile));
        if (!result.ok()) {
            for (PolicyError error : result.errors()) {
                out.println(error);
            }
            return 1;
        }
        if (policy.toString().contains(",")) {
            err.println("attach: the policy path " + policy + " contains a comma, which the agent argument uses as a"
                    + " separator; move or link the file to a path without one");
            return 1;
        }
        String argument = "policy=" + policy + (extras.isEmpty() ? "" : "," + String.join(",", extras));
        // Checked here, as the policy is: an agent loaded into a JVM stays there, even one that refuses to start.
        List<String> argumentErrors = AgentArguments.parse(argument).errors();
        if (!argumentErrors.isEmpty()) {
            for (String error : argumentErrors) {
                err.println("attach: invalid agent argument: " + error);
            }
            return 2;
        }
        if (ProcessHandle.of(Long.parseLong(pid)).isEmpty()) {
            err.println("attach: no process " + pid + " is running (see attach --list)");
            return 1;
        }
        if (!force && !looksLikeAJvm(Long.parseLong(pid))) {
            // (reload audit) the JDK's attach signals the process with SIGQUIT, which ends most programs
            // that are not Java: a mistyped PID stopped whatever process of this user it named
            err.println("attach: process " + pid + " does not look like a JVM: it is not among the JVMs attach --list shows,"
                    + " and its command is " + ProcessHandle.of(Long.parseLong(pid)).flatMap(p -> p.info().command())
                            .orElse("not visible") + ". Attaching sends it SIGQUIT, which stops a program that is not"
                    + " Java. Check the PID (a JVM of another user cannot be attached to); for a JVM started with"
                    + " -XX:-UsePerfData, add --force");
            return 1;
        }
        Optional<File> jar = agentJar();
        if (jar.isEmpty()) {
            err.println("attach: run it from the agent jar (java -jar resilience-agent.jar attach ...): the jar it runs"
                    + " from is the one loaded into the JVM");
            return 1;
        }
        String id = Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
        try {
            ByteBuddyAgent.attach(jar.get(), pid, AgentMain.ATTACH_ID + "=" + id + "," + argument);
        } catch (RuntimeException | LinkageError e) {
            err.println("attach: could not attach to " + pid + ": " + describe(e));
            if (Jvms.list().jvms().stream().noneMatch(jvm -> jvm.pid() == Long.parseLong(pid))) {
                // (reload audit) a process that is not Java made the operator wait 10 s for a bare timeout
                err.println("  process " + pid + " is not among the JVMs attach --list shows: is it a Java process?");
            }
            err.println("  the JVM must run as the same user as this command, be a HotSpot JVM that allows attaching"
                    + " (no -XX:+DisableAttachMechanism), and this command needs a JDK (the jdk.attach module)");
            return 1;
        }
        Optional<java.util.Properties> properties = Jvms.properties(pid);
        Optional<String> status = properties.map(p -> p.getProperty("resilience.agent.status." + id));
        if (status.isEmpty() && properties.isPresent()) {
            status = Optional.ofNullable(properties.get().getProperty("resilience.agent.status"));
            boolean earlierVersion = properties.get().getProperty("resilience.agent.status.perAttach") == null;
            if (earlierVersion && status.isPresent() && status.get().startsWith("rejected: invalid agent argument")) {
                // An agent of an earlier version, loaded in this JVM by an earlier attach (its classes stay),
                // refused the attach's id as an unknown key: attached again without it, as that version was.
                try {
                    ByteBuddyAgent.attach(jar.get(), pid, argument);
                    status = Jvms.status(pid, null);
                } catch (RuntimeException | LinkageError e) {
                    err.println("attach: could not attach to " + pid + " again: " + describe(e));
                    return 1;
                }
            }
        }
        if (status.isEmpty()) {
            out.println("attached to " + pid + " with " + policy + "; the JVM's log (its standard error) shows what was"
                    + " instrumented");
            return 0;
        }
        out.println("attached to " + pid + ": " + status.get());
        return status.get().startsWith("rejected") ? 1 : 0;
    }

    private static int list(PrintStream out) {
        Jvms.Listing listing = Jvms.list();
        long self = ProcessHandle.current().pid();
        out.println("JVMs visible to user " + System.getProperty("user.name") + ", from " + listing.source() + ":");
        for (Jvms.Jvm jvm : listing.jvms()) {
            out.println(String.format("%8d  %s%s", jvm.pid(), jvm.description(), jvm.pid() == self ? "  (this command)" : ""));
        }
        if (listing.jvms().isEmpty()) {
            out.println("  (none)");
        }
        return 0;
    }

    /** The jar this command runs from: the agent that gets loaded into the target. */
    static Optional<File> agentJar() {
        try {
            Path location = Path.of(AttachCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Files.isRegularFile(location) ? Optional.of(location.toFile()) : Optional.empty();
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    /**
     * The failure's root cause: what went wrong in the attach API, without the wrappers in between,
     * whose messages name the agent's own (relocated) classes.
     */
    private static String describe(Throwable e) {
        Throwable root = e;
        for (int depth = 0; depth < 32 && root.getCause() != null && root.getCause() != root; depth++) {
            root = root.getCause(); // bounded: a cause chain may loop
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }

    /**
     * A JVM the attach API or its performance data lists, or a process whose command is a {@code java}
     * launcher (a JVM started with {@code -XX:-UsePerfData} is listed by neither).
     */
    private static boolean looksLikeAJvm(long pid) {
        if (Jvms.list().jvms().stream().anyMatch(jvm -> jvm.pid() == pid)) {
            return true;
        }
        String command = ProcessHandle.of(pid).flatMap(process -> process.info().command()).orElse("");
        String name = Path.of(command.isEmpty() ? "x" : command).getFileName().toString();
        return name.equals("java") || name.equals("java.exe") || name.equals("javaw.exe");
    }

    private static int usage(PrintStream err, String problem) {
        err.println("attach: " + problem);
        err.println(USAGE);
        return 2;
    }
}
