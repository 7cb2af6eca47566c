package com.ctec.bench;

import com.ctec.bench.report.Machine;
import com.ctec.bench.report.MarkdownReport;
import com.ctec.bench.report.Section;
import com.ctec.bench.report.SvgChart;
import com.ctec.bench.report.Table;
import com.ctec.bench.report.Target;
import com.ctec.bench.scenarios.Batches;
import com.ctec.bench.scenarios.Context;
import com.ctec.bench.scenarios.CostGrowth;
import com.ctec.bench.scenarios.Forwarding;
import com.ctec.bench.scenarios.IoBoundWorker;
import com.ctec.bench.scenarios.Latency;
import com.ctec.bench.scenarios.Scenario;
import com.ctec.bench.scenarios.TrivialWorker;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * The benchmark's entry point: runs the chosen scenarios in order (scenario 1 first, since later
 * targets are ratios to its figures), prints each table as it completes, then writes the report
 * and the chart. See {@link Options#USAGE}.
 */
public final class Bench {
    private static final List<Scenario> SCENARIOS = List.of(new TrivialWorker(), new IoBoundWorker(), new Batches(),
            new Forwarding(), new Latency(), new CostGrowth());

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        // Before any logger exists: the engines' INFO lines (connects, stops) would drown the progress lines.
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage().isEmpty() ? Options.USAGE : e.getMessage() + "\n" + Options.USAGE);
            System.exit(2);
            return;
        }
        Progress progress = new Progress();
        long started = System.nanoTime();
        String date = ZonedDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z"));
        List<Section> sections = new ArrayList<>();
        String machine;
        try (Broker broker = new Broker(options.uri(), options.queueArguments())) {
            machine = Machine.describe(broker.version());
            progress.line("%s", machine);
            progress.line("rounds %d, %,d messages per round in scenarios 1 and 3%s; %s", options.rounds(), options.messages(),
                    options.quick() ? " (quick)" : "", options.queueModeDescription());
            Context context = Context.of(options, broker, progress);
            for (Scenario scenario : SCENARIOS) {
                if (options.runs(scenario.number())) {
                    progress.line("%s", scenario.title());
                    for (Section section : scenario.run(context)) {
                        print(section);
                        sections.add(section);
                    }
                }
            }
        }
        printTargets(sections);
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;
        if (options.docs() != null) {
            write(options, sections, date, machine, String.join(" ", args), seconds);
        }
    }

    private static void print(Section section) {
        System.out.println();
        System.out.println(section.title());
        section.tables().forEach(table -> System.out.print(table.toConsole()));
        section.notes().forEach(note -> System.out.println("  note: " + note));
        System.out.println();
    }

    private static void printTargets(List<Section> sections) {
        Table table = new Table("scenario", "target", "measured", "verdict");
        for (Section section : sections) {
            for (Target target : section.targets()) {
                table.row(target.scenario(), target.goal(), target.measured(), target.verdict());
            }
        }
        System.out.println("\nTargets");
        System.out.print(table.toConsole());
    }

    private static void write(Options options, List<Section> sections, String date, String machine, String args, long seconds)
            throws Exception {
        Files.createDirectories(options.docs());
        String command = "bench/run" + (args.isEmpty() ? "" : " " + args);
        Files.writeString(options.docs().resolve("benchmarks.md"),
                MarkdownReport.render(date, machine, command, seconds, sections, "benchmarks.svg"), StandardCharsets.UTF_8);
        Files.writeString(options.docs().resolve("benchmarks.svg"),
                SvgChart.render("ctec-consumer benchmarks — " + date + (options.quick() ? " (quick)" : ""), sections),
                StandardCharsets.UTF_8);
        System.out.println("\nWrote " + options.docs().resolve("benchmarks.md") + " and " + options.docs().resolve("benchmarks.svg"));
    }
}
