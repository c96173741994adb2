package dev.resilience.agent.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Writes the agent's meters in the Prometheus text format (0.0.4) or OpenMetrics 1.0.
 *
 * <p>Why not Micrometer's Prometheus registry: it requires every meter of one name to have the same
 * tag keys, while the contract gives a breaker's meters a {@code method} tag only under
 * {@code scope: method}, and one policy may have breakers of both scopes. Both formats allow the
 * label sets of one family to differ; Prometheus stores each series as it comes. Names follow
 * Micrometer's Prometheus conventions, so the series are those the registry would have written:
 * dots become underscores, counters end in {@code _total}, timers are summaries in seconds
 * ({@code _count}, {@code _sum}). Families sorted by name, series by labels. Stateless.
 */
final class PrometheusText {
    private PrometheusText() {
    }

    /** One family: its base name (no {@code _total}), its type and its series. */
    private record Family(String name, String type, String help, List<Series> lines) { }

    /**
     * The lines of one label set, sorted by {@code key}: a summary's {@code _count} and {@code _sum}
     * stay together, as OpenMetrics requires of a metric point's samples (audit: its parser refused
     * the endpoint's counts of every method followed by their sums).
     */
    private record Series(String key, String text) { }

    static String write(List<Meter> meters, boolean openMetrics) {
        Map<String, Family> families = new TreeMap<>();
        for (Meter meter : meters) {
            Meter.Id id = meter.getId();
            String base = id.getName().replace('.', '_');
            String labels = labels(id.getTags());
            // the agent binds only these three kinds
            if (meter instanceof FunctionCounter counter) {
                String line = base + "_total" + labels + " " + number(counter.count());
                family(families, base, "counter", id).lines().add(new Series(line, line));
            } else if (meter instanceof Gauge gauge) {
                String line = base + labels + " " + number(gauge.value());
                family(families, base, "gauge", id).lines().add(new Series(line, line));
            } else if (meter instanceof FunctionTimer timer) {
                String seconds = base + "_seconds";
                Family family = family(families, seconds, "summary", id);
                family.lines().add(new Series(labels, seconds + "_count" + labels + " " + (long) timer.count() + '\n'
                        + seconds + "_sum" + labels + " " + number(timer.totalTime(TimeUnit.SECONDS))));
            }
        }
        StringBuilder out = new StringBuilder();
        for (Family family : families.values()) {
            // The text format names a counter's family with its _total; OpenMetrics without.
            String name = family.type().equals("counter") && !openMetrics ? family.name() + "_total" : family.name();
            String help = "# HELP " + name + ' ' + help(family.help()) + '\n';
            String type = "# TYPE " + name + ' ' + family.type() + '\n';
            // the order each format's reference writer uses
            out.append(openMetrics ? type : help).append(openMetrics ? help : type);
            List<Series> lines = family.lines();
            lines.sort(Comparator.comparing(Series::key));
            for (Series line : lines) {
                out.append(line.text()).append('\n');
            }
        }
        if (openMetrics) {
            out.append("# EOF\n");
        }
        return out.toString();
    }

    private static Family family(Map<String, Family> families, String name, String type, Meter.Id id) {
        Family family = families.get(name);
        if (family == null) {
            String description = id.getDescription();
            family = new Family(name, type, description == null ? "" : description, new ArrayList<>());
            families.put(name, family);
        }
        return family;
    }

    /** {@code {a="1",b="2"}} in the tags' order (Micrometer keeps them sorted by key), or nothing. */
    private static String labels(Iterable<Tag> tags) {
        StringBuilder labels = new StringBuilder();
        for (Tag tag : tags) {
            labels.append(labels.length() == 0 ? "{" : ",").append(tag.getKey().replace('.', '_')).append("=\"");
            String value = tag.getValue();
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                switch (c) {
                    case '\\' -> labels.append("\\\\");
                    case '"' -> labels.append("\\\"");
                    case '\n' -> labels.append("\\n");
                    default -> labels.append(c);
                }
            }
            labels.append('"');
        }
        return labels.length() == 0 ? "" : labels.append('}').toString();
    }

    private static String help(String text) {
        return text.replace("\\", "\\\\").replace("\n", "\\n");
    }

    private static String number(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        return Double.toString(value);
    }
}
