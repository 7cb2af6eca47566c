package com.ctec.consumer.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.stream.Collectors;

/**
 * Appends one row per scenario run to {@code target/reliability-results.md}, the figures that
 * docs/reliability.md reports: fault, mode, faults injected, messages, lost, duplicated (and the
 * bound), longest stall, resume times, pass or fail.
 */
final class Results {
    static final Path FILE = Path.of(System.getProperty("ctec.reliability.out", "target")).resolve("reliability-results.md");
    private static final String HEADER = "| when | scenario | fault | mode | faults | messages | lost | duplicated (bound) | max stall ms | resume ms after each fault | result |\n"
            + "|---|---|---|---|---|---|---|---|---|---|---|\n";

    private Results() {
    }

    static synchronized void record(String scenario, String fault, String mode, int faults, Checker.Figures figures,
                                    long duplicateBound, boolean passed) {
        String resumes = figures.resumeMillis().stream().map(String::valueOf).collect(Collectors.joining(", "));
        String row = "| " + LocalDateTime.now().format(DateTimeFormatter.ofPattern("MM-dd HH:mm")) + " | " + scenario + " | " + fault
                + " | " + mode + " | " + faults + " | " + figures.messages() + " | " + figures.lost() + " | " + figures.duplicated()
                + " (≤ " + duplicateBound + ") | " + figures.maxStallMillis() + " | " + resumes + " | " + (passed ? "pass" : "FAIL") + " |\n";
        System.out.print("RESULT " + row);
        append(FILE, HEADER, row);
    }

    /** Appends a row to a Markdown table file, writing its header first when the file is new. */
    static synchronized void append(Path file, String header, String row) {
        try {
            Files.createDirectories(file.getParent());
            if (!Files.exists(file)) {
                Files.writeString(file, header, StandardCharsets.UTF_8);
            }
            Files.writeString(file, row, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new IllegalStateException("could not write " + file, e);
        }
    }
}
