package com.example.orchestrator.demo;

import java.io.PrintStream;

/** Prints the side-by-side table and the timelines to the terminal. */
final class ConsoleReport {
    private ConsoleReport() {}

    static void print(Comparison c, PrintStream out, String agentNote) {
        out.println();
        StringBuilder header = new StringBuilder(String.format("%-32s", ""));
        for (DemoRun r : c.runs()) header.append(String.format("%16s", r.label()));
        out.println(header);
        for (String s : SimulatedServices.SERVICES) {
            out.println(s);
            for (String[] row : c.rows(s)) {
                StringBuilder line = new StringBuilder(String.format("  %-30s", row[0]));
                for (int i = 1; i < row.length; i++) line.append(String.format("%16s", row[i]));
                out.println(line);
            }
        }
        StringBuilder jobs = new StringBuilder(String.format("%-32s", "jobs completed"));
        for (String cell : c.jobsRow()) jobs.append(String.format("%16s", cell));
        out.println(jobs);
        for (String[] row : c.jobLatencyRows()) {
            StringBuilder line = new StringBuilder(String.format("%-32s", row[0]));
            for (int i = 1; i < row.length; i++) line.append(String.format("%16s", row[i]));
            out.println(line);
        }
        if (agentNote != null) out.println("(" + agentNote + ")");

        out.println();
        out.printf("Timelines, one character = %d ms:  %s%n", c.sliceMs(), Timeline.LEGEND);
        for (String s : SimulatedServices.SERVICES) {
            Timeline[] t = c.timelines().get(s);
            for (int i = 0; i < t.length; i++) {
                out.printf("  %-9s %-14s |%s|%n", i == 0 ? s : "", c.runs().get(i).label(), t[i].text());
            }
        }
        out.println();
        out.println("Faults served by the simulated services:");
        for (String s : SimulatedServices.SERVICES) {
            for (int i = 0; i < c.runs().size(); i++) {
                out.printf("  %-9s %-14s %s%n", i == 0 ? s : "", c.runs().get(i).label(), c.faultsServed(c.runs().get(i), s));
            }
        }
    }
}
