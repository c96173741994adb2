package dev.resilience.agent.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Chooses between the two formats the endpoint writes from a scraper's {@code Accept} header, the
 * way HTTP content negotiation does (RFC 9110, 12.5.1): each format takes the {@code q} of the most
 * specific media range that covers it, and the higher {@code q} wins. Stateless and thread-safe.
 */
final class AcceptHeader {
    private static final int NOT_COVERED = -1;
    private static final int ANY = 0;           // */*
    private static final int TYPE_WILDCARD = 1; // application/*, text/*
    private static final int NAMED = 2;         // the format's type, no version
    private static final int VERSIONED = 3;     // the format's type with the version the endpoint writes

    private AcceptHeader() {
    }

    /**
     * True when the header prefers OpenMetrics 1.0 to the text format 0.0.4. On a tie OpenMetrics
     * wins when a range names it (a scraper that names it and accepts anything else as much still
     * gets it); otherwise the text format does ({@code *}{@code /*}, {@code text/*,application/*}, no
     * header at all), which every scraper reads. A range whose {@code version} is not one the endpoint
     * writes (OpenMetrics 1.x or the 0.0.1 draft Prometheus also lists; text 0.0.4), or whose
     * {@code q} is malformed or given twice, covers nothing.
     *
     * @param accept the header's value, several fields joined with commas; null when absent
     */
    static boolean prefersOpenMetrics(String accept) {
        if (accept == null) {
            return false;
        }
        Choice openMetrics = new Choice();
        Choice text = new Choice();
        for (String range : split(accept, ',')) {
            List<String> parts = split(range, ';');
            String type = parts.get(0).trim().toLowerCase(Locale.ROOT);
            double q = 1;
            boolean qSeen = false;
            String version = null;
            for (int i = 1; i < parts.size(); i++) {
                String parameter = parts.get(i);
                int equals = parameter.indexOf('=');
                String name = (equals < 0 ? parameter : parameter.substring(0, equals)).trim();
                String value = equals < 0 ? "" : unquote(parameter.substring(equals + 1).trim());
                if (name.equalsIgnoreCase("q")) {
                    q = qSeen ? -1 : qValue(value);
                    qSeen = true;
                } else if (name.equalsIgnoreCase("version")) {
                    version = value;
                }
            }
            if (q < 0) {
                continue;
            }
            openMetrics.offer(openMetricsSpecificity(type, version), q);
            text.offer(textSpecificity(type, version), q);
        }
        if (openMetrics.q <= 0) {
            return false;
        }
        if (openMetrics.q != text.q) {
            return openMetrics.q > text.q;
        }
        return openMetrics.specificity >= NAMED || openMetrics.specificity > text.specificity;
    }

    private static int openMetricsSpecificity(String type, String version) {
        return switch (type) {
            case "application/openmetrics-text" -> version == null ? NAMED
                    : version.startsWith("1.") || version.equals("0.0.1") ? VERSIONED : NOT_COVERED;
            case "application/*" -> TYPE_WILDCARD;
            case "*/*" -> ANY;
            default -> NOT_COVERED;
        };
    }

    private static int textSpecificity(String type, String version) {
        return switch (type) {
            case "text/plain" -> version == null ? NAMED : version.equals("0.0.4") ? VERSIONED : NOT_COVERED;
            case "text/*" -> TYPE_WILDCARD;
            case "*/*" -> ANY;
            default -> NOT_COVERED;
        };
    }

    /** The value of a {@code q} parameter (RFC 9110: 0 to 1, at most three decimals), or -1 when malformed. */
    static double qValue(String text) {
        int length = text.length();
        if (length == 0 || length > 5 || text.charAt(0) != '0' && text.charAt(0) != '1') {
            return -1;
        }
        if (length > 1 && text.charAt(1) != '.') {
            return -1;
        }
        for (int i = 2; i < length; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9' || text.charAt(0) == '1' && c != '0') {
                return -1;
            }
        }
        return length <= 2 ? text.charAt(0) - '0' : Double.parseDouble(text);
    }

    /** {@code text} cut at every {@code separator} outside a quoted string; never empty. */
    private static List<String> split(String text, char separator) {
        List<String> parts = new ArrayList<>();
        int start = 0;
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '\\' && quoted) {
                i++; // a quoted pair: the next character is taken as it is
            } else if (c == separator && !quoted) {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(text.substring(start));
        return parts;
    }

    private static String unquote(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1) : value;
    }

    /** The q of the most specific range seen for one format; among equally specific ranges, the highest. */
    private static final class Choice {
        int specificity = NOT_COVERED;
        double q;

        void offer(int rangeSpecificity, double rangeQ) {
            if (rangeSpecificity > specificity) {
                specificity = rangeSpecificity;
                q = rangeQ;
            } else if (rangeSpecificity == specificity && rangeSpecificity != NOT_COVERED) {
                q = Math.max(q, rangeQ);
            }
        }
    }
}
