package com.example.orchestrator.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Writes the demo report: one self-contained HTML page (inline CSS and SVG, no script, no
 * external resource) with the timelines of both runs side by side and the figures table.
 * Each timeline is an {@code <svg class="timeline" data-service=".." data-run="..">}.
 */
final class HtmlReport {
    private static final int CELL = 8, HEIGHT = 22;

    private HtmlReport() {}

    static void write(Comparison c, Path file, String agentNote) throws IOException {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
                .append("<title>resilience-agent demo report</title>\n<style>\n")
                .append("body{font-family:system-ui,sans-serif;margin:2em;color:#222}\n")
                .append("table{border-collapse:collapse;margin:1em 0}td,th{padding:2px 10px;text-align:right;border-bottom:1px solid #ddd}\n")
                .append("td:first-child,th:first-child{text-align:left}tr.service td{font-weight:bold;background:#f4f4f4;text-align:left}\n")
                .append(".timelines td{text-align:left;vertical-align:middle}.legend span{display:inline-block;width:12px;height:12px;margin:0 4px 0 12px}\n")
                .append("</style></head><body>\n<h1>resilience-agent demo</h1>\n")
                .append("<p>The same jobs against the same simulated services and fault schedule, run twice: without the agent, then with it. ")
                .append("Every figure below was measured in this run (generated ").append(Instant.now()).append(").</p>\n");
        if (agentNote != null) h.append("<p><strong>").append(esc(agentNote)).append("</strong></p>\n");

        h.append("<h2>Timelines</h2>\n<p class=\"legend\">one cell = ").append(c.sliceMs()).append(" ms");
        for (char sym : new char[] {Timeline.OK, Timeline.RETRIED, Timeline.FAILED, Timeline.REJECTED, Timeline.OPEN}) {
            h.append("<span style=\"background:").append(color(sym)).append("\"></span>").append(esc(name(sym)));
        }
        h.append("</p>\n<table class=\"timelines\"><tr><th>service</th>");
        for (DemoRun r : c.runs()) h.append("<th>").append(esc(r.label())).append("</th>");
        h.append("</tr>\n");
        for (String s : SimulatedServices.SERVICES) {
            h.append("<tr><td>").append(esc(s)).append("</td>");
            Timeline[] t = c.timelines().get(s);
            for (int i = 0; i < t.length; i++) h.append("<td>").append(svg(t[i], c.runs().get(i))).append("</td>");
            h.append("</tr>\n");
        }
        h.append("</table>\n");

        h.append("<h2>Figures</h2>\n<table class=\"figures\"><tr><th></th>");
        for (DemoRun r : c.runs()) h.append("<th>").append(esc(r.label())).append("</th>");
        h.append("</tr>\n");
        for (String s : SimulatedServices.SERVICES) {
            h.append("<tr class=\"service\"><td colspan=\"").append(c.runs().size() + 1).append("\">").append(esc(s)).append("</td></tr>\n");
            for (String[] row : c.rows(s)) {
                h.append("<tr>");
                for (String cell : row) h.append("<td>").append(esc(cell)).append("</td>");
                h.append("</tr>\n");
            }
        }
        h.append("<tr class=\"service\"><td>jobs completed</td>");
        for (String cell : c.jobsRow()) h.append("<td>").append(esc(cell)).append("</td>");
        h.append("</tr>\n");
        for (String[] row : c.jobLatencyRows()) {
            h.append("<tr>");
            for (String cell : row) h.append("<td>").append(esc(cell)).append("</td>");
            h.append("</tr>\n");
        }
        h.append("</table>\n");

        h.append("<h2>Faults served</h2>\n<table><tr><th>service</th>");
        for (DemoRun r : c.runs()) h.append("<th>").append(esc(r.label())).append("</th>");
        h.append("</tr>\n");
        for (String s : SimulatedServices.SERVICES) {
            h.append("<tr><td>").append(esc(s)).append("</td>");
            for (DemoRun r : c.runs()) h.append("<td>").append(esc(c.faultsServed(r, s))).append("</td>");
            h.append("</tr>\n");
        }
        h.append("</table>\n</body></html>\n");
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        Files.writeString(file, h, StandardCharsets.UTF_8);
    }

    static String svg(Timeline t, DemoRun run) {
        int w = t.slices().length * CELL;
        String runId = run.withAgent() ? "with-agent" : "without-agent";
        StringBuilder s = new StringBuilder();
        s.append("<svg class=\"timeline\" xmlns=\"http://www.w3.org/2000/svg\" id=\"timeline-").append(runId).append('-')
                .append(t.service()).append("\" data-service=\"").append(t.service()).append("\" data-run=\"").append(runId)
                .append("\" width=\"").append(w).append("\" height=\"").append(HEIGHT).append("\" viewBox=\"0 0 ").append(w)
                .append(' ').append(HEIGHT).append("\" role=\"img\" aria-label=\"").append(t.service()).append(' ')
                .append(runId).append(" timeline\">");
        s.append("<rect x=\"0\" y=\"0\" width=\"").append(w).append("\" height=\"").append(HEIGHT).append("\" fill=\"#fafafa\" stroke=\"#ccc\"/>");
        for (int i = 0; i < t.slices().length; i++) {
            char sym = t.slices()[i];
            if (sym == Timeline.IDLE) continue;
            s.append("<rect x=\"").append(i * CELL).append("\" y=\"2\" width=\"").append(CELL - 1).append("\" height=\"")
                    .append(HEIGHT - 4).append("\" fill=\"").append(color(sym)).append("\"><title>")
                    .append(String.format("%.2f s: %s", i * t.sliceMs() / 1000.0, name(sym))).append("</title></rect>");
        }
        return s.append("</svg>").toString();
    }

    private static String color(char sym) {
        return switch (sym) {
            case Timeline.OK -> "#4caf50";
            case Timeline.RETRIED -> "#ffb300";
            case Timeline.FAILED -> "#e53935";
            case Timeline.REJECTED -> "#8e24aa";
            case Timeline.OPEN -> "#90a4ae";
            default -> "#ffffff";
        };
    }

    private static String name(char sym) {
        return switch (sym) {
            case Timeline.OK -> "ok";
            case Timeline.RETRIED -> "retried";
            case Timeline.FAILED -> "failed";
            case Timeline.REJECTED -> "rejected";
            case Timeline.OPEN -> "breaker open";
            default -> "idle";
        };
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
