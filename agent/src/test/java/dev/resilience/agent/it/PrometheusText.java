package dev.resilience.agent.it;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The samples of a Prometheus text exposition (format 0.0.4), read the way Prometheus reads them. */
final class PrometheusText {
    /** One sample line: metric name, labels, value. */
    record Sample(String name, Map<String, String> labels, double value) {
        boolean matches(String wanted, Map<String, String> constraints) {
            return name.equals(wanted) && constraints.entrySet().stream()
                    .allMatch(e -> e.getValue().equals(labels.getOrDefault(e.getKey(), "")));
        }
    }

    private final List<String> lines;
    private final List<Sample> samples = new ArrayList<>();

    PrometheusText(List<String> lines) {
        this.lines = lines;
        for (String line : lines) {
            if (!line.isBlank() && !line.startsWith("#")) {
                samples.add(parse(line));
            }
        }
    }

    /** What a Scenario's {@code scrape:} steps printed, each line prefixed {@code "SCRAPE| "}. */
    static PrometheusText scrapedBy(ForkedApp.Result result) {
        return new PrometheusText(result.stdout().stream().filter(line -> line.startsWith("SCRAPE| "))
                .map(line -> line.substring("SCRAPE| ".length())).toList());
    }

    List<String> lines() {
        return lines;
    }

    List<Sample> samples() {
        return samples;
    }

    /**
     * The sum of the samples of {@code name} whose labels include {@code labels} ({@code key, value, ...});
     * fails when there is none, so a missing meter never reads as zero.
     */
    double sum(String name, String... labels) {
        Map<String, String> constraints = new LinkedHashMap<>();
        for (int i = 0; i < labels.length; i += 2) {
            constraints.put(labels[i], labels[i + 1]);
        }
        List<Sample> matching = samples.stream().filter(s -> s.matches(name, constraints)).toList();
        if (matching.isEmpty()) {
            throw new AssertionError("no sample " + name + constraints + " in:\n" + String.join("\n", lines));
        }
        return matching.stream().mapToDouble(Sample::value).sum();
    }

    boolean has(String name) {
        return samples.stream().anyMatch(s -> s.name().equals(name));
    }

    private static Sample parse(String line) {
        int brace = line.indexOf('{');
        int space = line.lastIndexOf(' ');
        if (brace < 0 || brace > space) {
            return new Sample(line.substring(0, space), Map.of(), Double.parseDouble(line.substring(space + 1)));
        }
        String name = line.substring(0, brace);
        Map<String, String> labels = new LinkedHashMap<>();
        int i = brace + 1;
        while (line.charAt(i) != '}') {
            int eq = line.indexOf('=', i);
            String key = line.substring(i, eq);
            StringBuilder value = new StringBuilder();
            int j = eq + 2; // past ="
            while (line.charAt(j) != '"') {
                char c = line.charAt(j);
                if (c == '\\') {
                    char next = line.charAt(++j);
                    value.append(next == 'n' ? '\n' : next);
                } else {
                    value.append(c);
                }
                j++;
            }
            labels.put(key, value.toString());
            i = j + 1;
            if (line.charAt(i) == ',') {
                i++;
            }
        }
        String rest = line.substring(i + 1).trim();
        int end = rest.indexOf(' ');
        return new Sample(name, labels, Double.parseDouble(end < 0 ? rest : rest.substring(0, end)));
    }
}
