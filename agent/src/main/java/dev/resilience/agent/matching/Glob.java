package dev.resilience.agent.matching;

/**
 * A name pattern from the policy. In class names {@code *} matches within one package or name
 * segment and {@code **} across segments ({@code com.example.**.*Client}); in method names
 * {@code *} matches anything. A pattern without wildcards is compared as a plain string.
 * Immutable and thread-safe.
 *
 * <p>Matching takes time proportional to pattern length times name length, whatever the pattern:
 * it runs on class-loading threads, and a backtracking regular expression let a policy glob such
 * as {@code a*a*a*a*a*a*a*a*b} or {@code **.**.**.**.**.**.**.X} stall class loading for seconds
 * per class.
 */
public final class Glob {
    /** One element of a compiled pattern; the fields of {@link #tokens} hold these or a character. */
    private static final int SEGMENT_STAR = -1; // [^.]*
    private static final int ANY_STAR = -2;     // .*
    private static final int PACKAGES = -3;     // (?:.*\.)?  - "**." also matches no package at all

    private final String text;
    private final String literal;
    private final int[] tokens;
    /** The pattern's runs of plain characters, in order: every matching name contains them, in this order. */
    private final String[] runs;
    private final boolean startsWithRun;
    private final boolean endsWithRun;
    private final String lastSegmentPrefix;

    private Glob(String text, String literal, int[] tokens) {
        this.text = text;
        this.literal = literal;
        this.tokens = tokens;
        this.runs = tokens == null ? null : runsOf(tokens);
        this.startsWithRun = tokens != null && tokens.length > 0 && tokens[0] >= 0;
        this.endsWithRun = tokens != null && tokens.length > 0 && tokens[tokens.length - 1] >= 0;
        this.lastSegmentPrefix = tokens == null ? literal.substring(literal.lastIndexOf('.') + 1) : lastSegmentPrefixOf(tokens);
    }

    /**
     * The plain text the last segment of every matching class name starts with, read from the
     * tokens after the pattern's last dot: they match the name's last segment exactly when none
     * of them can match a dot and the dot (or a {@code **.} that may match nothing) sits at a
     * segment boundary. Empty when the pattern does not tell.
     */
    private static String lastSegmentPrefixOf(int[] tokens) {
        int anchor = -1;
        for (int k = 0; k < tokens.length; k++) {
            if (tokens[k] == '.' || tokens[k] == PACKAGES) {
                anchor = k;
            }
        }
        int before = anchor;
        while (before >= 0 && tokens[before] == PACKAGES) {
            before--; // "a**.B" can match "aB": an empty "**." must follow a dot or the start to end a segment
        }
        if (before >= 0 && tokens[before] != '.') {
            return "";
        }
        StringBuilder prefix = new StringBuilder();
        boolean plain = true;
        for (int k = anchor + 1; k < tokens.length; k++) {
            if (tokens[k] == ANY_STAR) {
                return ""; // "**" crosses dots: the tail may span several segments
            }
            plain &= tokens[k] >= 0;
            if (plain) {
                prefix.append((char) tokens[k]);
            }
        }
        return prefix.toString();
    }

    private static String[] runsOf(int[] tokens) {
        java.util.List<String> runs = new java.util.ArrayList<>();
        StringBuilder run = new StringBuilder();
        for (int token : tokens) {
            if (token >= 0) {
                run.append((char) token);
            } else if (run.length() > 0) {
                runs.add(run.toString());
                run.setLength(0);
            }
        }
        if (run.length() > 0) {
            runs.add(run.toString());
        }
        return runs.toArray(String[]::new);
    }

    public static Glob forClass(String text) {
        return compile(text, SEGMENT_STAR);
    }

    public static Glob forMethod(String text) {
        return compile(text, ANY_STAR);
    }

    private static Glob compile(String text, int single) {
        if (text.indexOf('*') < 0) {
            return new Glob(text, text, null);
        }
        int[] tokens = new int[text.length()];
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '*') {
                tokens[n++] = c;
            } else if (i + 1 < text.length() && text.charAt(i + 1) == '*') {
                if (i + 2 < text.length() && text.charAt(i + 2) == '.') {
                    tokens[n++] = PACKAGES;
                    i += 2;
                } else {
                    tokens[n++] = ANY_STAR;
                    i++;
                }
            } else {
                tokens[n++] = single;
            }
        }
        return new Glob(text, null, java.util.Arrays.copyOf(tokens, n));
    }

    public boolean matches(String name) {
        return literal != null ? literal.equals(name) : runsFit(name) && simulate(name);
    }

    /**
     * A necessary condition, checked before the automaton: the plain runs of the pattern occur in
     * the name in order, without overlapping, the first at the start and the last at the end when
     * the pattern starts or ends with one. Wildcards only ever consume characters, so a name that
     * fails this cannot match; most class names fail it at a {@code startsWith} or one
     * {@code indexOf} ({@code gen.**.Gateway3x*} on {@code gen.m07.Component4711}), which is what
     * keeps 20 glob rules cheap when every class shares their prefix.
     */
    private boolean runsFit(String name) {
        int from = 0;
        int end = name.length();
        int first = 0;
        int last = runs.length;
        if (startsWithRun) {
            if (!name.startsWith(runs[0])) {
                return false;
            }
            from = runs[0].length();
            first = 1;
        }
        if (endsWithRun && last > first) {
            String tail = runs[last - 1];
            if (!name.endsWith(tail)) {
                return false;
            }
            end -= tail.length();
            if (end < from) {
                return false; // head and tail would overlap
            }
            last--;
        }
        for (int i = first; i < last; i++) {
            // the leftmost place leaves the most room for the runs after it
            int at = name.indexOf(runs[i], from);
            if (at < 0 || at + runs[i].length() > end) {
                return false;
            }
            from = at + runs[i].length();
        }
        return true;
    }

    /**
     * Runs the pattern as a non-deterministic automaton over {@code name}, all states at once.
     * State {@code 2k} is "before token k"; state {@code 2k + 1} is "inside the packages of a
     * PACKAGES token k, not yet past its closing dot"; state {@code 2n} accepts.
     */
    private boolean simulate(String name) {
        int n = tokens.length;
        boolean[] current = new boolean[2 * n + 1];
        boolean[] next = new boolean[2 * n + 1];
        current[0] = true;
        closeOverEmpty(current);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            java.util.Arrays.fill(next, false);
            boolean any = false;
            for (int k = 0; k < n; k++) {
                int token = tokens[k];
                if (current[2 * k]) {
                    switch (token) {
                        case SEGMENT_STAR -> {
                            if (c != '.') {
                                next[2 * k] = any = true;
                            }
                        }
                        case ANY_STAR -> next[2 * k] = any = true;
                        case PACKAGES -> {
                            next[2 * k + 1] = any = true;
                            if (c == '.') {
                                next[2 * k + 2] = true;
                            }
                        }
                        default -> {
                            if (c == token) {
                                next[2 * k + 2] = any = true;
                            }
                        }
                    }
                }
                if (current[2 * k + 1]) {
                    next[2 * k + 1] = any = true;
                    if (c == '.') {
                        next[2 * k + 2] = true;
                    }
                }
            }
            if (!any) {
                return false;
            }
            closeOverEmpty(next);
            boolean[] swap = current;
            current = next;
            next = swap;
        }
        return current[2 * n];
    }

    /** Every wildcard may match nothing: being before it means being after it too. */
    private void closeOverEmpty(boolean[] states) {
        for (int k = 0; k < tokens.length; k++) {
            if (states[2 * k] && tokens[k] < 0) {
                states[2 * k + 2] = true;
            }
        }
    }

    /**
     * For class patterns: text that the last segment of every class name this glob matches
     * (after its last dot, or the whole name) starts with, possibly empty. A necessary condition
     * only, which lets {@link ClassGlobs} skip most globs for a class without running them.
     */
    public String lastSegmentPrefix() {
        return lastSegmentPrefix;
    }

    /** True when this glob names exactly one name. */
    public boolean isLiteral() {
        return literal != null;
    }

    @Override
    public String toString() {
        return text;
    }
}
