package dev.resilience.agent.cli;

import dev.resilience.agent.policy.Position;
import dev.resilience.agent.policy.Rule;

import java.util.List;

/**
 * What {@code explain} found: per rule the methods it wraps and its effective settings, and
 * every problem with a position in the policy file. Immutable.
 *
 * @param classPath      the class-path entries read (a fat jar's nested parts included)
 * @param classesScanned how many class files were considered
 */
record Explanation(String policyFile, List<String> classPath, int classesScanned, List<RuleReport> rules,
                   List<Finding> findings) {

    Explanation {
        classPath = List.copyOf(classPath);
        rules = List.copyOf(rules);
        findings = List.copyOf(findings);
    }

    /**
     * NOTE: something the class path may hide, which explain cannot tell matters (a supertype it
     * lacks: libraries' optional dependencies are missing from most real class paths); never fails
     * {@code --strict}.
     */
    enum Severity { NOTE, WARNING, ERROR }

    /** One problem. {@code rule} is null for problems not tied to a rule (an unreadable class-path entry). */
    record Finding(Severity severity, String rule, Position position, String message) {
        /** {@code FILE:LINE:COLUMN: warning: message}, the validate format with the severity. */
        String format(String file) {
            String where = position == null || position.line() == 0 ? file : file + ":" + position.line() + ":" + position.column();
            return where + ": " + severity.name().toLowerCase(java.util.Locale.ROOT) + ": " + message;
        }
    }

    /**
     * One matched method.
     *
     * @param runs    how the agent wraps it: {@code inline}, {@code handoff} or {@code async} (see docs/operations.md)
     * @param problem null when the agent instruments it; else why it would not (a finding says more)
     */
    record Method(String className, String signature, String runs, String problem) {
        String qualifiedName() {
            return className + "#" + signature;
        }

        boolean instrumented() {
            return problem == null;
        }
    }

    /** A rule with the methods it matches (class-path order) and its effective settings as validate prints them. */
    record RuleReport(Rule rule, List<String> settings, List<Method> methods) {
        RuleReport {
            settings = List.copyOf(settings);
            methods = List.copyOf(methods);
        }

        /** The methods the agent would actually instrument. */
        long instrumented() {
            return methods.stream().filter(Method::instrumented).count();
        }
    }

    long count(Severity severity) {
        return findings.stream().filter(f -> f.severity() == severity).count();
    }

    /** 1 on errors (a method matched by two rules, a fallback that cannot work ...), 1 on warnings with --strict, else 0. */
    int exitCode(boolean strict) {
        return count(Severity.ERROR) > 0 || (strict && count(Severity.WARNING) > 0) ? 1 : 0;
    }
}
