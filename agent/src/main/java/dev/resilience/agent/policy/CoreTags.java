package dev.resilience.agent.policy;

import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * The tag snakeyaml-engine 2.10's core schema ({@code CoreScalarResolver}, as {@code CoreSchema}
 * makes it) gives a plain scalar, written out without its regular expressions and the lambda its
 * resolver spins: {@link PlainYaml} resolves in premain (issue 8). {@code CoreTagsTest} compares the
 * two over every short value of the relevant characters. Stateless.
 */
final class CoreTags {
    private CoreTags() { }

    /** The tag of a plain scalar, or null for what only snakeyaml-engine should decide ({@code ${VAR}}, {@code <<}). */
    static Tag of(String value) {
        if (value.isEmpty()) {
            return Tag.NULL;
        }
        char first = value.charAt(0);
        if (first == '$' || first == '<') {
            return null;
        }
        if ("tfTF".indexOf(first) >= 0) {
            return isBool(value) ? Tag.BOOL : Tag.STR;
        }
        if (first == '-' || first == '+' || first >= '0' && first <= '9') {
            return isInt(value) ? Tag.INT : isFloat(value) ? Tag.FLOAT : Tag.STR;
        }
        if (first == '.') {
            return isFloat(value) ? Tag.FLOAT : Tag.STR;
        }
        return isNull(value) ? Tag.NULL : Tag.STR;
    }

    /** {@code ~|null|Null|NULL| }, tried whatever the first character. */
    private static boolean isNull(String v) {
        return v.equals("~") || v.equals("null") || v.equals("Null") || v.equals("NULL") || v.equals(" ");
    }

    private static boolean isBool(String v) {
        return v.equals("true") || v.equals("True") || v.equals("TRUE")
                || v.equals("false") || v.equals("False") || v.equals("FALSE");
    }

    /** {@code [-+]?[0-9]+ | 0o[0-7]+ | 0x[0-9a-fA-F]+}, the whole value. */
    private static boolean isInt(String v) {
        if (v.startsWith("0o")) {
            return v.length() > 2 && all(v, 2, "01234567");
        }
        if (v.startsWith("0x")) {
            return v.length() > 2 && all(v, 2, "0123456789abcdefABCDEF");
        }
        int i = v.charAt(0) == '-' || v.charAt(0) == '+' ? 1 : 0;
        return v.length() > i && all(v, i, "0123456789");
    }

    /**
     * {@code [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)? | [-+]?\.(inf|Inf|INF) | \.(nan|NaN|NAN)},
     * the whole value.
     */
    private static boolean isFloat(String v) {
        if (v.equals(".nan") || v.equals(".NaN") || v.equals(".NAN")) {
            return true;
        }
        int i = v.charAt(0) == '-' || v.charAt(0) == '+' ? 1 : 0;
        String rest = v.substring(i);
        if (rest.equals(".inf") || rest.equals(".Inf") || rest.equals(".INF")) {
            return true;
        }
        int n = rest.length();
        int p = 0;
        int digits = digits(rest, p);
        p += digits;
        if (digits == 0) {
            if (p >= n || rest.charAt(p) != '.') {
                return false;
            }
            p++;
            int fraction = digits(rest, p);
            if (fraction == 0) {
                return false;
            }
            p += fraction;
        } else if (p < n && rest.charAt(p) == '.') {
            p++;
            p += digits(rest, p);
        }
        if (p < n && (rest.charAt(p) == 'e' || rest.charAt(p) == 'E')) {
            p++;
            if (p < n && (rest.charAt(p) == '-' || rest.charAt(p) == '+')) {
                p++;
            }
            int exponent = digits(rest, p);
            if (exponent == 0) {
                return false;
            }
            p += exponent;
        }
        return p == n;
    }

    private static int digits(String s, int from) {
        int i = from;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
        }
        return i - from;
    }

    private static boolean all(String s, int from, String allowed) {
        for (int i = from; i < s.length(); i++) {
            if (allowed.indexOf(s.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }
}
