package dev.resilience.agent.cli;

import dev.resilience.agent.policy.LoadResult;
import dev.resilience.agent.policy.PolicyError;
import dev.resilience.agent.policy.PolicyLoader;

import java.io.PrintStream;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code explain POLICY --classpath CP [--strict] [--json]}: what the policy would instrument in
 * an application, without running it ({@code --classpath} may be given more than once). Lists per rule every method it matches
 * ({@code Class#method(paramTypes)}) and the rule's effective settings, then every problem as
 * {@code FILE:LINE:COLUMN: warning|error: message}. Exit 0; 1 when there are errors (a method
 * matched by two rules, a fallback or onFailure exception that cannot work), or warnings with
 * {@code --strict}; an invalid policy prints the loader's problems as validate does and exits 1 (the
 * overlaps validate finds in the text alone are found here on the class path); usage errors exit 2.
 * Stateless.
 */
public final class ExplainCommand {
    static final String USAGE = "usage: java -jar resilience-agent.jar explain POLICY --classpath CP [--strict] [--json]\n"
            + "  CP: jars and directories separated by ':' (dir/* = every jar in dir; Spring Boot fat jars included)";

    private ExplainCommand() { }

    public static int run(List<String> args, PrintStream out, PrintStream err) {
        String policyFile = null;
        String classPathSpec = null;
        boolean strict = false;
        boolean json = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--strict" -> strict = true;
                case "--json" -> json = true;
                case "--classpath", "-cp", "--class-path" -> {
                    if (i + 1 == args.size()) {
                        return usage(err, arg + " needs a value");
                    }
                    classPathSpec = joined(classPathSpec, args.get(++i));
                }
                default -> {
                    if (arg.startsWith("--classpath=")) {
                        classPathSpec = joined(classPathSpec, arg.substring("--classpath=".length()));
                    } else if (arg.startsWith("-")) {
                        return usage(err, "unknown option " + arg);
                    } else if (policyFile != null) {
                        return usage(err, "one policy at a time");
                    } else {
                        policyFile = arg;
                    }
                }
            }
        }
        if (policyFile == null) {
            return usage(err, "which policy?");
        }
        if (classPathSpec == null || classPathSpec.isBlank()) {
            return usage(err, "--classpath is required: the application's jars and class directories");
        }
        String path = policyFile;
        policyFile = dev.resilience.agent.log.LogText.printable(path); // as lines name it: never a forged or split line
        LoadResult result;
        try {
            result = PolicyLoader.load(Path.of(path), policyFile);
        } catch (InvalidPathException e) {
            out.println(policyFile + ": cannot read: not a valid path");
            return 1;
        }
        if (!result.ok()) {
            if (json) {
                out.println(Json.write(invalidPolicyJson(policyFile, result.errors(), strict)));
            } else {
                for (PolicyError error : result.errors()) {
                    out.println(error);
                }
            }
            return 1;
        }
        Explanation explanation;
        try (ClassPath classPath = ClassPath.open(classPathSpec)) {
            explanation = new Explainer(policyFile, result.policy(), classPath).explain();
        }
        int exit = explanation.exitCode(strict);
        if (json) {
            out.println(Json.write(toJson(explanation, strict, exit)));
        } else {
            printText(explanation, out);
        }
        return exit;
    }

    /**
     * A second {@code --classpath} adds its entries after the first's: keeping only the last, as
     * {@code java -cp} does, would leave the first's classes out without a word, and explain would
     * report their rules as matching nothing.
     */
    private static String joined(String classPathSpec, String more) {
        return classPathSpec == null || classPathSpec.isEmpty() ? more : classPathSpec + java.io.File.pathSeparator + more;
    }

    private static int usage(PrintStream err, String problem) {
        err.println("explain: " + problem);
        err.println(USAGE);
        return 2;
    }

    private static void printText(Explanation explanation, PrintStream out) {
        String file = explanation.policyFile();
        out.println(file + ": " + explanation.rules().size() + (explanation.rules().size() == 1 ? " rule" : " rules")
                + " against " + explanation.classesScanned() + (explanation.classesScanned() == 1 ? " class in " : " classes in ")
                + (explanation.classPath().isEmpty() ? "no readable class-path entry" : String.join(":", explanation.classPath())));
        int total = 0;
        for (Explanation.RuleReport report : explanation.rules()) {
            int n = (int) report.instrumented();
            total += n;
            out.println();
            out.println("rule " + report.rule().name() + " (line " + report.rule().position().line() + "): "
                    + (n == 0 ? "no methods" : n + (n == 1 ? " method" : " methods")));
            for (Explanation.Method method : report.methods()) {
                out.println("  " + method.qualifiedName() + "  ["
                        + (method.instrumented() ? method.runs() : "NOT instrumented: " + method.problem()) + "]");
            }
            out.println("  effective settings:");
            for (String line : report.settings()) {
                out.println("    " + line);
            }
        }
        out.println();
        for (Explanation.Finding finding : explanation.findings()) {
            out.println(finding.format(file));
        }
        long warnings = explanation.count(Explanation.Severity.WARNING);
        long errors = explanation.count(Explanation.Severity.ERROR);
        long notes = explanation.count(Explanation.Severity.NOTE);
        out.println(total + (total == 1 ? " method" : " methods") + " matched; " + warnings
                + (warnings == 1 ? " warning, " : " warnings, ") + errors + (errors == 1 ? " error" : " errors")
                + (notes == 0 ? "" : notes == 1 ? ", 1 note" : ", " + notes + " notes"));
    }

    private static Map<String, Object> toJson(Explanation explanation, boolean strict, int exit) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("policy", explanation.policyFile());
        root.put("classPath", explanation.classPath());
        root.put("classesScanned", explanation.classesScanned());
        List<Object> rules = new ArrayList<>();
        for (Explanation.RuleReport report : explanation.rules()) {
            Map<String, Object> rule = new LinkedHashMap<>();
            rule.put("name", report.rule().name());
            rule.put("line", report.rule().position().line());
            List<Object> methods = new ArrayList<>();
            for (Explanation.Method method : report.methods()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("method", method.qualifiedName());
                m.put("class", method.className());
                m.put("signature", method.signature());
                m.put("runs", method.runs());
                m.put("instrumented", method.instrumented());
                m.put("problem", method.problem());
                methods.add(m);
            }
            rule.put("methods", methods);
            rule.put("settings", report.settings());
            rules.add(rule);
        }
        root.put("rules", rules);
        List<Object> findings = new ArrayList<>();
        for (Explanation.Finding finding : explanation.findings()) {
            findings.add(finding(finding.severity().name().toLowerCase(java.util.Locale.ROOT), finding.rule(),
                    finding.position() == null ? null : finding.position().line(),
                    finding.position() == null ? null : finding.position().column(),
                    finding.message(), finding.format(explanation.policyFile())));
        }
        root.put("findings", findings);
        root.put("warnings", explanation.count(Explanation.Severity.WARNING));
        root.put("errors", explanation.count(Explanation.Severity.ERROR));
        root.put("notes", explanation.count(Explanation.Severity.NOTE));
        root.put("strict", strict);
        root.put("exitCode", exit);
        return root;
    }

    private static Map<String, Object> finding(String severity, String rule, Integer line, Integer column, String message,
                                               String text) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("severity", severity);
        f.put("rule", rule);
        f.put("line", line);
        f.put("column", column);
        f.put("message", message);
        f.put("text", text);
        return f;
    }

    /** An invalid policy, for scripts: the document {@link #toJson} makes, with no rules and its problems as errors. */
    private static Map<String, Object> invalidPolicyJson(String policyFile, List<PolicyError> errors, boolean strict) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("policy", policyFile);
        root.put("classPath", List.of());
        root.put("classesScanned", 0);
        root.put("rules", List.of());
        List<Object> findings = new ArrayList<>();
        for (PolicyError error : errors) {
            findings.add(finding("error", null, error.line(), error.column(), error.message(), error.toString()));
        }
        root.put("findings", findings);
        root.put("warnings", 0);
        root.put("errors", errors.size());
        root.put("notes", 0);
        root.put("strict", strict);
        root.put("exitCode", 1);
        return root;
    }
}
