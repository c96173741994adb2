package dev.resilience.agent.policy;

import java.util.ArrayList;
import java.util.List;
import org.snakeyaml.engine.v2.exceptions.Mark;

/**
 * A policy's text cut into the lines {@link PlainYaml} composes from: those that are neither
 * blank nor only a comment, with their indentation. It also makes the start marks of the nodes,
 * as snakeyaml-engine's would be. Declines, as {@link PlainYaml} does, a text that is not plain
 * at the character level: tabs, carriage returns, anything beyond printable ASCII, overlong lines,
 * document markers and directives.
 */
final class PlainLines {
    /** Longer lines are declined: YAML allows an implicit key at most 1024 characters. */
    private static final int MAX_LINE = 1000;

    /** A line that is neither blank nor only a comment; {@code start} is its offset in the text. */
    record Line(int number, int start, int indent, String text) { }

    private final String label;
    /** The text's characters, which every mark refers to (snakeyaml-engine's marks hold code points). */
    private final int[] codePoints;
    private final List<Line> lines = new ArrayList<>();

    private PlainLines(String label, String text) {
        this.label = label;
        this.codePoints = new int[text.length()];
    }

    static PlainLines split(String text, String label) throws PlainYaml.Declined {
        PlainLines split = new PlainLines(label, text);
        split.cut(text);
        return split;
    }

    private void cut(String text) throws PlainYaml.Declined {
        int start = 0;
        int number = 0;
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : '\n';
            if (i < text.length()) {
                if ((c < ' ' || c > '~') && c != '\n') {
                    throw PlainYaml.Declined.INSTANCE; // tabs, CR, non-ASCII: snakeyaml-engine's rules apply
                }
                codePoints[i] = c;
            }
            if (c == '\n') {
                String line = text.substring(start, i);
                if (line.length() > MAX_LINE) {
                    throw PlainYaml.Declined.INSTANCE;
                }
                int indent = 0;
                while (indent < line.length() && line.charAt(indent) == ' ') {
                    indent++;
                }
                String body = line.substring(indent);
                if (body.startsWith("---") || body.startsWith("...") || body.startsWith("%")) {
                    throw PlainYaml.Declined.INSTANCE;
                }
                if (!body.isEmpty() && body.charAt(0) != '#') {
                    lines.add(new Line(number, start, indent, line));
                }
                number++;
                start = i + 1;
            }
        }
    }

    int size() {
        return lines.size();
    }

    Line get(int index) {
        return lines.get(index);
    }

    /** The mark of {@code column} on {@code line}. */
    Mark mark(Line line, int column) {
        int index = line.start() + column;
        return new Mark(label, index, line.number(), column, codePoints, index);
    }
}
