package dev.resilience.agent;

import dev.resilience.agent.log.AgentLog;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The {@code -javaagent:resilience-agent.jar=ARGS} string: either a bare policy path, or
 * {@code key=value} pairs separated by commas. Immutable.
 *
 * @param policy      null when the argument names none
 * @param metricsPort 0 when metrics are not served
 * @param metricsHostGiven whether the argument named {@code metrics.host} (else the default)
 * @param errors      problems found; non-empty means the argument is invalid
 */
public record AgentArguments(String policy, AgentLog.Level log, int metricsPort, String metricsHost, boolean metricsHostGiven,
                             boolean reload, boolean failOnInvalidPolicy, List<String> errors) {
    private static final Set<String> KEYS = Set.of("policy", "log", "metrics.port", "metrics.host", "reload", "failOnInvalidPolicy");

    public static AgentArguments parse(String text) {
        String policy = null;
        AgentLog.Level log = AgentLog.Level.INFO;
        int port = 0;
        String host = "127.0.0.1";
        boolean reload = true;
        boolean failOnInvalid = true;
        List<String> errors = new ArrayList<>();
        Set<String> given = new java.util.HashSet<>();
        if (text == null || text.isBlank()) {
            return new AgentArguments(null, log, port, host, false, reload, failOnInvalid, List.of());
        }
        if (!text.contains("=") || isBarePath(text)) {
            return new AgentArguments(text.trim(), log, port, host, false, reload, failOnInvalid, List.of());
        }
        boolean first = true;
        for (String pair : text.split(",", -1)) { // -1: a trailing empty pair is reported, not dropped
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                // (newcomer audit) a bare path followed by options is the natural mistake
                String hint = first && eq < 0 && !pair.isBlank() && !KEYS.contains(pair.trim())
                        ? "; with other keys, give the policy as policy=" + pair.trim() : "";
                errors.add("'" + pair + "' is not key=value (keys: " + String.join(", ", KEYS.stream().sorted().toList()) + ")"
                        + hint);
                first = false;
                continue;
            }
            first = false;
            String key = pair.substring(0, eq).trim();
            String value = pair.substring(eq + 1).trim();
            if (KEYS.contains(key) && !given.add(key)) {
                String repeated = key + " is given more than once: give each key once";
                if (!errors.contains(repeated)) { // once, however many times it is repeated
                    errors.add(repeated);
                }
                continue;
            }
            if (KEYS.contains(key) && value.isEmpty()) {
                errors.add(key + "= has no value" + (key.equals("policy") ? ": give the policy file's path" : ""));
                continue;
            }
            switch (key) {
                case "policy" -> policy = value;
                case "log" -> {
                    log = AgentLog.parse(value);
                    if (log == null) {
                        errors.add("log=" + value + ": expected error, warn, info or debug");
                        log = AgentLog.Level.INFO;
                    }
                }
                case "metrics.port" -> {
                    try {
                        port = Integer.parseInt(value);
                        if (port < 1 || port > 65535) {
                            errors.add("metrics.port=" + value + ": expected a port between 1 and 65535");
                        }
                    } catch (NumberFormatException e) {
                        errors.add("metrics.port=" + value + ": expected a port number");
                    }
                }
                case "metrics.host" -> {
                    host = value;
                    if (!isHostSyntax(value)) {
                        errors.add("metrics.host=" + value + ": expected a host name or an IP address, such as 127.0.0.1,"
                                + " 0.0.0.0 or ::1");
                    }
                }
                case "reload" -> reload = bool(key, value, errors, true);
                case "failOnInvalidPolicy" -> failOnInvalid = bool(key, value, errors, true);
                default -> errors.add("unknown agent argument key '" + key + "' (keys: "
                        + String.join(", ", KEYS.stream().sorted().toList()) + ")");
            }
        }
        return new AgentArguments(policy, log, port, host, given.contains("metrics.host"), reload, failOnInvalid,
                List.copyOf(errors));
    }

    /** What the argument asks for to no effect, for warnings at start (audit: metrics.host alone did nothing, silently). */
    public List<String> warnings() {
        return metricsHostGiven && metricsPort == 0
                ? List.of("metrics.host=" + metricsHost + " is given without metrics.port: no metrics endpoint is started"
                        + " (add metrics.port=N to serve one)")
                : List.of();
    }

    /**
     * A bare path that happens to contain '=' ({@code /etc/app=prod/policy.yaml}): the whole text names
     * an existing file and does not start with one of the keys.
     */
    private static boolean isBarePath(String text) {
        int eq = text.indexOf('=');
        return !KEYS.contains(text.substring(0, eq).trim()) && new java.io.File(text.trim()).isFile();
    }

    /**
     * Letters, digits and the punctuation of names and IPv4/IPv6 literals: checked here so a typo is an
     * invalid argument at start, like any other. Whether the name resolves is learnt when the endpoint
     * binds (a DNS lookup in premain could hold up the application's start).
     */
    private static boolean isHostSyntax(String host) {
        if (host.isEmpty()) {
            return false;
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            boolean allowed = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '.' || c == '-' || c == '_' || c == ':' || c == '[' || c == ']' || c == '%';
            if (!allowed) {
                return false;
            }
        }
        return true;
    }

    /** {@code true} or {@code false}, in any case, as {@code log} takes its levels. */
    private static boolean bool(String key, String value, List<String> errors, boolean fallback) {
        if (value.equalsIgnoreCase("true")) {
            return true;
        }
        if (value.equalsIgnoreCase("false")) {
            return false;
        }
        errors.add(key + "=" + value + ": expected true or false");
        return fallback;
    }
}
