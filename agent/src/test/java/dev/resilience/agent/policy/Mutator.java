package dev.resilience.agent.policy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Damages a YAML text the ways people and tools do: lines deleted, doubled, swapped or re-indented,
 * values replaced by odd ones, invisible and control characters, anchors and aliases, truncation,
 * deep nesting, stray document markers, other line ends. One instance per mutant; deterministic for a
 * given {@link Random}. Not thread-safe.
 */
final class Mutator {
    /** Values an operator, an editor or an attacker might put where a scalar was. */
    static final List<String> ODD_VALUES = List.of(
            "", "~", "null", "Null", "true", "no", "off", "on", "yes", "-1", "0", "-0", "+0", "1e309", "-1e309",
            ".nan", ".inf", "-.inf", "0x", "0xFFFFFFFFFFFFFFFFFFFF", "0o777777777777777777777", "0b101", "1_000",
            "99999999999999999999999999999999", "2147483648", "-2147483649", "9223372036854775808", "1.7976931348623157e308",
            "4.9e-324", "0.0000000000000000000001", "100%", "101%", "-5%", "1e3%", "%", "50 %", "1.5.5", "1,5",
            "0ms", "-1s", "1d", "1 s", "1.s", ".5s", "99999999999999999999h", "1e3ms", "10S", "PT10S", "∞",
            "[]", "{}", "[[]]", "{a: }", "[a, b", "{a: b", "]", "}", "'", "\"", "'unterminated", "\"unterminated",
            "\"\\u0000\"", "\"\\x00\"", "\"\\uD800\"", "\"\\UFFFFFFFF\"", "\"\\q\"", "|", ">", "|-\n  x", "&", "*", "*undefined",
            "&a", "!", "!!", "!!str", "!!int x", "!!binary aGVsbG8=", "!!python/object:os.system x",
            "!!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL [\"http://x\"]]]]",
            "!<tag:yaml.org,2002:str> x", "!local x", "? x", "- x", ": x", "x: y: z", "@x", "`x`", "%x", "#x",
            "a #b", "java.lang.Object", "java.lang.Throwable", "java.lang.Error", "java.lang.String",
            "java.lang.ThreadDeath", "sun.misc.Unsafe", "com.example.*", "**", "*.*", "a..b", ".a", "a.", "a$", "1a",
            "a-b", "ä.ö", "日本語", "🙂", "x\u200By", "\u202Eevil", "\uFEFF", "a\tb", "${env:HOME}", "$(rm -rf /)",
            "../../etc/passwd", "C:\\Windows", "generate(", "generate)", "generate()", "generate(int...)",
            "generate(String)", "upload(java.lang.String,,int)", "#method", "a#", "a#b#c");
    /** Characters that turn up in files copied from chat tools, terminals and other systems. */
    static final char[] ODD_CHARS = {
        '\u0000', '\u0001', '\u0007', '\b', '\u000B', '\f', '\u001B', '\u007F', '\u0085', '\u00A0', '\u200B',
        '\u200E', '\u2028', '\u2029', '\u202E', '\u3000', '\uFEFF', '\uFFFD', '\uFFFE', '\uFFFF', '\uD800', '\uDFFF',
        '\t', '\r', '\n', '"', '\'', ':', '#', '&', '*', '!', '|', '>', '{', '}', '[', ']', ',', '?', '-', '%', '@', '`',
        '\\', 'é',
    };
    private static final Pattern KEY_VALUE = Pattern.compile("^(\\s*(?:- )?[A-Za-z_<][\\w<]*:\\s+)(\\S.*?)(\\s+#.*)?$");
    private static final Pattern LIST_ITEM = Pattern.compile("^(\\s*- )(\\S.*?)(\\s+#.*)?$");
    private static final Pattern KEY = Pattern.compile("^(\\s*(?:- )?)([A-Za-z]\\w*)(:.*)$");

    private final Random random;
    private final List<String> applied = new ArrayList<>();
    private int anchors;

    Mutator(Random random) {
        this.random = random;
    }

    /** The mutations made so far, in order, with their arguments. */
    List<String> applied() {
        return applied;
    }

    /** One to three mutations of {@code text}. */
    String mutate(String text) {
        List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
        int count = 1 + random.nextInt(3);
        String lineEnd = "\n";
        boolean truncate = false;
        for (int m = 0; m < count; m++) {
            int kind = random.nextInt(17);
            switch (kind) {
                case 0 -> deleteLine(lines);
                case 1 -> duplicateLines(lines);
                case 2 -> swapLines(lines);
                case 3, 4 -> reindent(lines);
                case 5, 6, 7 -> replaceScalar(lines);
                case 8, 9 -> insertChar(lines);
                case 10, 11 -> anchorAndAlias(lines);
                case 12 -> nest(lines);
                case 13 -> flipKeyCase(lines);
                case 14 -> insertMarker(lines);
                case 15 -> {
                    lineEnd = random.nextBoolean() ? "\r\n" : "\r";
                    applied.add("line ends " + (lineEnd.equals("\r") ? "CR" : "CRLF"));
                }
                default -> truncate = true;
            }
        }
        String result = String.join(lineEnd, lines);
        if (truncate && !result.isEmpty()) {
            int at = random.nextInt(result.length());
            applied.add("truncate at char " + at);
            result = result.substring(0, at);
        }
        return result;
    }

    private int anyLine(List<String> lines) {
        return random.nextInt(lines.size());
    }

    private void deleteLine(List<String> lines) {
        if (lines.size() > 1) {
            int at = anyLine(lines);
            applied.add("delete line " + (at + 1));
            lines.remove(at);
        }
    }

    private void duplicateLines(List<String> lines) {
        int at = anyLine(lines);
        int length = 1 + (random.nextInt(4) == 0 ? random.nextInt(8) : 0);
        int end = Math.min(lines.size(), at + length);
        applied.add("duplicate lines " + (at + 1) + ".." + end);
        lines.addAll(end, new ArrayList<>(lines.subList(at, end)));
    }

    private void swapLines(List<String> lines) {
        int a = anyLine(lines);
        int b = random.nextBoolean() ? Math.min(lines.size() - 1, a + 1) : anyLine(lines);
        applied.add("swap lines " + (a + 1) + " and " + (b + 1));
        String t = lines.get(a);
        lines.set(a, lines.get(b));
        lines.set(b, t);
    }

    private void reindent(List<String> lines) {
        int at = anyLine(lines);
        String line = lines.get(at);
        String body = line.stripLeading();
        int indent = line.length() - body.length();
        String changed = switch (random.nextInt(4)) {
            case 0 -> " ".repeat(indent + 1 + random.nextInt(4)) + body;
            case 1 -> " ".repeat(Math.max(0, indent - 1 - random.nextInt(4))) + body;
            case 2 -> "\t" + body;
            default -> " ".repeat(Math.max(0, indent - 1)) + "\t" + body;
        };
        applied.add("reindent line " + (at + 1));
        lines.set(at, changed);
    }

    private void replaceScalar(List<String> lines) {
        int at = findLine(lines, KEY_VALUE, LIST_ITEM);
        if (at < 0) {
            return;
        }
        String odd = random.nextInt(20) == 0 ? longValue() : ODD_VALUES.get(random.nextInt(ODD_VALUES.size()));
        Matcher m = matcher(lines.get(at));
        String comment = m.group(3) == null ? "" : m.group(3);
        applied.add("line " + (at + 1) + " value `" + shorten(m.group(2)) + "` -> `" + shorten(odd) + "`");
        lines.set(at, m.group(1) + odd + comment);
    }

    private String longValue() {
        int length = 1_000 * (1 + random.nextInt(200));
        return switch (random.nextInt(3)) {
            case 0 -> "a".repeat(length);
            case 1 -> "\"" + "\\u00e9".repeat(length / 6) + "\"";
            default -> "a.".repeat(length / 2) + "B";
        };
    }

    private void insertChar(List<String> lines) {
        int at = anyLine(lines);
        String line = lines.get(at);
        int column = line.isEmpty() ? 0 : random.nextInt(line.length() + 1);
        char c = ODD_CHARS[random.nextInt(ODD_CHARS.length)];
        applied.add(String.format("insert U+%04X at %d:%d", (int) c, at + 1, column + 1));
        lines.set(at, line.substring(0, column) + c + line.substring(column));
    }

    /** An anchor on one value and aliases to it elsewhere; sometimes an alias to nothing, or a merge key. */
    private void anchorAndAlias(List<String> lines) {
        int source = findLine(lines, KEY_VALUE, LIST_ITEM);
        if (source < 0) {
            return;
        }
        String anchor = "a" + anchors++;
        Matcher m = matcher(lines.get(source));
        lines.set(source, m.group(1) + "&" + anchor + " " + m.group(2) + (m.group(3) == null ? "" : m.group(3)));
        int aliases = 1 + random.nextInt(3);
        StringBuilder what = new StringBuilder("anchor &" + anchor + " at line " + (source + 1) + ", aliases at");
        for (int k = 0; k < aliases; k++) {
            int target = findLine(lines, KEY_VALUE, LIST_ITEM);
            if (target < 0) {
                break;
            }
            Matcher t = matcher(lines.get(target));
            String alias = switch (random.nextInt(6)) {
                case 0 -> "*undefined" + anchor;
                case 1 -> "[*" + anchor + ", *" + anchor + ", *" + anchor + "]";
                default -> "*" + anchor;
            };
            lines.set(target, t.group(1) + alias);
            what.append(' ').append(target + 1);
        }
        if (random.nextInt(4) == 0) {
            int at = anyLine(lines);
            String indent = lines.get(at).substring(0, lines.get(at).length() - lines.get(at).stripLeading().length());
            lines.add(at, indent + "<<: *" + anchor);
            what.append(", merge key at ").append(at + 1);
        }
        applied.add(what.toString());
    }

    private void nest(List<String> lines) {
        int at = findLine(lines, KEY_VALUE, LIST_ITEM);
        if (at < 0) {
            return;
        }
        int depth = 1 + random.nextInt(80);
        String nested = random.nextBoolean()
                ? "[".repeat(depth) + "x" + "]".repeat(depth)
                : "{a: ".repeat(depth) + "x" + "}".repeat(depth);
        Matcher m = matcher(lines.get(at));
        applied.add("nest " + depth + " deep at line " + (at + 1));
        lines.set(at, m.group(1) + nested);
    }

    private void flipKeyCase(List<String> lines) {
        int at = findLine(lines, KEY);
        if (at < 0) {
            return;
        }
        Matcher m = KEY.matcher(lines.get(at));
        m.matches();
        String key = m.group(2);
        String flipped = Character.isUpperCase(key.charAt(0))
                ? Character.toLowerCase(key.charAt(0)) + key.substring(1)
                : Character.toUpperCase(key.charAt(0)) + key.substring(1);
        applied.add("key `" + key + "` -> `" + flipped + "` at line " + (at + 1));
        lines.set(at, m.group(1) + flipped + m.group(3));
    }

    private void insertMarker(List<String> lines) {
        String[] markers = {"---", "...", "%YAML 1.2", "%YAML 1.1", "%TAG ! tag:evil.example,2024:", "--- !!map", "--- |"};
        String marker = markers[random.nextInt(markers.length)];
        int at = random.nextInt(lines.size() + 1);
        applied.add("insert `" + marker + "` before line " + (at + 1));
        lines.add(at, marker);
    }

    private int findLine(List<String> lines, Pattern... patterns) {
        for (int tries = 0; tries < 20; tries++) {
            int at = anyLine(lines);
            for (Pattern p : patterns) {
                if (p.matcher(lines.get(at)).matches()) {
                    return at;
                }
            }
        }
        return -1;
    }

    private static Matcher matcher(String line) {
        Matcher m = KEY_VALUE.matcher(line);
        if (m.matches()) {
            return m;
        }
        m = LIST_ITEM.matcher(line);
        m.matches();
        return m;
    }

    private static String shorten(String s) {
        return s.length() > 40 ? s.substring(0, 37) + "...(" + s.length() + " chars)" : s;
    }
}
