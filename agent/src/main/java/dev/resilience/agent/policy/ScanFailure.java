package dev.resilience.agent.policy;

import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.scanner.ScannerImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;
import org.snakeyaml.engine.v2.tokens.Token;

/**
 * Finds where the YAML scanner stopped when it failed with a plain JDK exception instead of a
 * positioned YAML error. snakeyaml-engine does that for a double-quoted escape it cannot decode:
 * {@code "\UFFFFFFFF"} overflows {@code Integer.parseInt}, a four-digit escape cut short by the end of
 * the text parses an empty string. The tokens are scanned again to find the last one read, and the bad escape
 * is looked for from there. Only used on that error path. Stateless.
 */
final class ScanFailure {
    private ScanFailure() { }

    /** Where the scanner fails in {@code text}, and what to tell the operator. */
    static Located locate(String text, LoadSettings settings) {
        int offset = 0;
        ScannerImpl scanner = new ScannerImpl(settings, new StreamReader(settings, text));
        try {
            while (scanner.hasNext()) {
                Token token = scanner.next();
                Optional<Mark> end = token.getEndMark();
                if (end.isPresent()) {
                    offset = charOffset(text, end.get().getIndex());
                }
            }
        } catch (RuntimeException expected) {
            // the failure being located
        }
        int start = skipBlanksAndComments(text, offset);
        for (int quote = nextDoubleQuote(text, start); quote >= 0; ) {
            int end = badEscapeOrEnd(text, quote);
            if (end < 0) {
                int at = -end - 1;
                return new Located(position(text, at), "YAML syntax error: the escape `" + escapeAt(text, at)
                        + "` in this double-quoted string is not a character; \\x, \\u and \\U take exactly 2, 4"
                        + " and 8 hex digits of a Unicode code point (at most \\U0010FFFF)");
            }
            quote = nextDoubleQuote(text, end + 1);
        }
        return new Located(position(text, start), "YAML syntax error: cannot read what starts here;"
                + " check indentation, quoting and escape sequences");
    }

    /** A position and a message, before the file name is known. */
    record Located(Position position, String message) { }

    /** The char offset of a code-point index, clamped to the text. */
    private static int charOffset(String text, int codePoints) {
        int offset = 0;
        for (int i = 0; i < codePoints && offset < text.length(); i++) {
            offset += Character.charCount(text.codePointAt(offset));
        }
        return offset;
    }

    private static int skipBlanksAndComments(String text, int from) {
        int i = from;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\uFEFF') {
                i++;
            } else if (c == '#') {
                while (i < text.length() && text.charAt(i) != '\n' && text.charAt(i) != '\r') {
                    i++;
                }
            } else {
                break;
            }
        }
        return i;
    }

    /** The next {@code "} at or after {@code from} outside comments, or -1. */
    private static int nextDoubleQuote(String text, int from) {
        for (int i = skipBlanksAndComments(text, from); i < text.length(); i = skipBlanksAndComments(text, i)) {
            char c = text.charAt(i);
            if (c == '"') {
                return i;
            }
            if (c == '\'') {
                int close = text.indexOf('\'', i + 1);
                i = close < 0 ? text.length() : close + 1;
            } else {
                i++;
            }
        }
        return -1;
    }

    /**
     * Walks the double-quoted string opening at {@code quote}.
     *
     * @return the offset of its closing quote (or the text's end), or {@code -(offset + 1)} of the
     *         backslash of the first escape that is not a character
     */
    private static int badEscapeOrEnd(String text, int quote) {
        int i = quote + 1;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '"') {
                return i;
            }
            if (c != '\\' || i + 1 >= text.length()) {
                i++;
                continue;
            }
            char kind = text.charAt(i + 1);
            int digits = kind == 'x' ? 2 : kind == 'u' ? 4 : kind == 'U' ? 8 : 0;
            if (digits == 0) {
                i += 2; // other escapes are single characters; the scanner reports unknown ones itself
                continue;
            }
            if (!isCodePoint(text, i + 2, digits)) {
                return -(i + 1);
            }
            i += 2 + digits;
        }
        return text.length();
    }

    /** The escape at {@code at} as written: the backslash, its letter and the hex digits that follow (at most 8). */
    private static String escapeAt(String text, int at) {
        int end = Math.min(text.length(), at + 2);
        while (end < text.length() && end < at + 10 && Character.digit(text.charAt(end), 16) >= 0) {
            end++;
        }
        return text.substring(at, end);
    }

    private static boolean isCodePoint(String text, int from, int digits) {
        if (from + digits > text.length()) {
            return false;
        }
        long value = 0;
        for (int k = from; k < from + digits; k++) {
            int digit = Character.digit(text.charAt(k), 16);
            if (digit < 0) {
                return false;
            }
            value = value * 16 + digit;
        }
        return value <= Character.MAX_CODE_POINT;
    }

    /** 1-based line and column (in code points) of a char offset; lines end at \n, \r\n or \r as in YAML 1.2. */
    static Position position(String text, int offset) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < offset && i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n')) {
                line++;
                column = 1;
            } else if (c != '\r' && !Character.isLowSurrogate(c)) {
                column++;
            }
        }
        return new Position(line, column);
    }
}
