package com.example.orchestrator.json;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A tiny JSON reader and writer, so the application stays free of dependencies.
 *
 * <p>Objects read as {@code LinkedHashMap<String,Object>}, arrays as {@code List<Object>},
 * numbers as {@code Double} (or {@code Long} when integral and written without fraction or
 * exponent), plus {@code String}, {@code Boolean} and {@code null}. The writer accepts the same
 * types, any {@code Number}, {@code double[]}, {@code Iterable} and {@code Map}.
 *
 * <p>Stateless and thread-safe.
 */
public final class Json {
    private Json() {}

    /** Parses one JSON value; trailing non-blank text is an error. */
    public static Object parse(String text) throws JsonException {
        Reader r = new Reader(text);
        Object value = r.value();
        r.skipBlanks();
        if (r.pos != text.length()) throw r.error("unexpected text after the value");
        return value;
    }

    /** Parses a JSON object, failing if the text holds any other kind of value. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> parseObject(String text) throws JsonException {
        Object value = parse(text);
        if (!(value instanceof Map)) throw new JsonException("expected a JSON object, got: " + abbreviate(text));
        return (Map<String, Object>) value;
    }

    public static String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out);
        return out.toString();
    }

    private static void write(Object v, StringBuilder out) {
        if (v == null) {
            out.append("null");
        } else if (v instanceof String s) {
            quote(s, out);
        } else if (v instanceof Boolean || v instanceof Integer || v instanceof Long) {
            out.append(v);
        } else if (v instanceof Number n) {
            double d = n.doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) out.append("null");
            else if (d == Math.rint(d) && Math.abs(d) < 1e15) out.append((long) d);
            else out.append(d);
        } else if (v instanceof double[] arr) {
            List<Object> list = new ArrayList<>();
            for (double d : arr) list.add(d);
            write(list, out);
        } else if (v instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!first) out.append(',');
                first = false;
                quote(String.valueOf(e.getKey()), out);
                out.append(':');
                write(e.getValue(), out);
            }
            out.append('}');
        } else if (v instanceof Iterable<?> items) {
            out.append('[');
            Iterator<?> it = items.iterator();
            while (it.hasNext()) {
                write(it.next(), out);
                if (it.hasNext()) out.append(',');
            }
            out.append(']');
        } else {
            quote(v.toString(), out);
        }
    }

    private static void quote(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) out.append(String.format("\\u%04x", (int) c));
                    else out.append(c);
                }
            }
        }
        out.append('"');
    }

    static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }

    private static final class Reader {
        final String s;
        int pos;

        Reader(String s) { this.s = s; }

        Object value() throws JsonException {
            skipBlanks();
            if (pos >= s.length()) throw error("unexpected end of input");
            char c = s.charAt(pos);
            switch (c) {
                case '{': return object();
                case '[': return array();
                case '"': return string();
                case 't': return literal("true", Boolean.TRUE);
                case 'f': return literal("false", Boolean.FALSE);
                case 'n': return literal("null", null);
                default:
                    if (c == '-' || (c >= '0' && c <= '9')) return number();
                    throw error("unexpected character '" + c + "'");
            }
        }

        Map<String, Object> object() throws JsonException {
            Map<String, Object> map = new LinkedHashMap<>();
            pos++;
            skipBlanks();
            if (peek() == '}') { pos++; return map; }
            while (true) {
                skipBlanks();
                if (peek() != '"') throw error("expected a member name");
                String key = string();
                skipBlanks();
                expect(':');
                map.put(key, value());
                skipBlanks();
                char c = next();
                if (c == '}') return map;
                if (c != ',') throw error("expected ',' or '}'");
            }
        }

        List<Object> array() throws JsonException {
            List<Object> list = new ArrayList<>();
            pos++;
            skipBlanks();
            if (peek() == ']') { pos++; return list; }
            while (true) {
                list.add(value());
                skipBlanks();
                char c = next();
                if (c == ']') return list;
                if (c != ',') throw error("expected ',' or ']'");
            }
        }

        String string() throws JsonException {
            pos++;
            StringBuilder sb = new StringBuilder();
            while (true) {
                char c = next();
                if (c == '"') return sb.toString();
                if (c != '\\') { sb.append(c); continue; }
                char e = next();
                switch (e) {
                    case '"', '\\', '/' -> sb.append(e);
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 't' -> sb.append('\t');
                    case 'u' -> {
                        if (pos + 4 > s.length()) throw error("truncated \\u escape");
                        try {
                            sb.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
                        } catch (NumberFormatException ex) {
                            throw error("bad \\u escape");
                        }
                        pos += 4;
                    }
                    default -> throw error("bad escape '\\" + e + "'");
                }
            }
        }

        Object number() throws JsonException {
            int start = pos;
            boolean integral = true;
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c == '.' || c == 'e' || c == 'E') integral = false;
                else if (!(c == '-' || c == '+' || (c >= '0' && c <= '9'))) break;
                pos++;
            }
            String text = s.substring(start, pos);
            try {
                if (integral && text.length() < 19) return Long.parseLong(text);
                return Double.parseDouble(text);
            } catch (NumberFormatException ex) {
                throw error("bad number '" + text + "'");
            }
        }

        Object literal(String word, Object value) throws JsonException {
            if (!s.startsWith(word, pos)) throw error("unexpected literal");
            pos += word.length();
            return value;
        }

        void skipBlanks() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) pos++;
        }

        char peek() throws JsonException {
            if (pos >= s.length()) throw error("unexpected end of input");
            return s.charAt(pos);
        }

        char next() throws JsonException {
            char c = peek();
            pos++;
            return c;
        }

        void expect(char c) throws JsonException {
            if (next() != c) throw error("expected '" + c + "'");
        }

        JsonException error(String message) {
            return new JsonException(message + " at offset " + pos + " in: " + abbreviate(s));
        }
    }
}
