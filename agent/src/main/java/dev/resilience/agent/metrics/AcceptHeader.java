package dev.resilience.agent.metrics;

/**
 * Chooses between the two formats the endpoint writes from a scraper's {@code Accept} header, the
 * way HTTP content negotiation does: each format takes the {@code q} of the most specific media
 * range that covers it ({@code application/openmetrics-text} over {@code application/*} over
 * {@code *}{@code /*}), and the higher {@code q} wins. Stateless and thread-safe.
 */
final class AcceptHeader {
    private static final int NOT_COVERED = -1;
    private static final int ANY = 0;
    private static final int TYPE_WILDCARD = 1;
    private static final int NAMED = 2;

    private AcceptHeader() {
    }

    /**
     * True when the header prefers OpenMetrics 1.0 to the text format. A tie goes to the text format
     * (what {@code *}{@code /*} and no header at all get, and what every scraper reads), unless both
     * formats are named with the same {@code q}: a scraper that names OpenMetrics as first choice
     * gets it. A range with a malformed {@code q}, or naming an OpenMetrics version the endpoint does
     * not write (other than 1.x or the 0.0.1 draft Prometheus also lists), covers nothing.
     */
    static boolean prefersOpenMetrics(String accept) {
        if (accept == null) {
            return false;
        }
        Choice openMetrics = new Choice();
        Choice text = new Choice();
        for (String range : accept.split(",")) {
            String[] parts = range.split(";");
            // "Accept: ;" splits into nothing (audit: the exception dropped the connection unanswered)
            if (parts.length == 0) {
                continue;
            }
            String type = parts[0].trim().toLowerCase(java.util.Locale.ROOT);
            double q = 1;
            String version = null;
            for (int i = 1; i < parts.length; i++) {
                String[] parameter = parts[i].trim().split("=", 2);
                String name = parameter[0].trim();
                String value = parameter.length == 2 ? parameter[1].trim().replace("\"", "") : ""; // a quoted value too
                if (name.equalsIgnoreCase("q")) {
                    q = qValue(value);
                } else if (name.equalsIgnoreCase("version")) {
                    version = value;
                }
            }
            if (q < 0) {
                continue;
            }
            openMetrics.offer(openMetricsSpecificity(type, version), q);
            text.offer(textSpecificity(type), q);
        }
        if (openMetrics.q <= 0) {
            return false;
        }
        return openMetrics.q > text.q
                || openMetrics.q == text.q && openMetrics.specificity == NAMED && text.specificity == NAMED;
    }

    private static int openMetricsSpecificity(String type, String version) {
        return switch (type) {
            case "application/openmetrics-text" ->
                    version == null || version.startsWith("1.") || version.equals("0.0.1") ? NAMED : NOT_COVERED;
            case "application/*" -> TYPE_WILDCARD;
            case "*/*" -> ANY;
            default -> NOT_COVERED;
        };
    }

    private static int textSpecificity(String type) {
        return switch (type) {
            case "text/plain" -> NAMED;
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
