package com.ctec.bench.contenders;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * RabbitMQ's own load tool (com.rabbitmq:perf-test), run in this JVM through its documented
 * entry point {@code PerfTest.main(args, options)}: the same JVM, so its CPU is measured like any
 * contender's. Its console output is kept, to read its own summary.
 */
public final class PerfTest {
    private PerfTest() {
    }

    /** Runs PerfTest with these arguments until it ends; returns what it printed. */
    public static String run(List<String> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AtomicInteger exit = new AtomicInteger();
        PrintStream console = new PrintStream(out, true, StandardCharsets.UTF_8);
        // Its consumers also print to System.out directly; the harness prints nothing while this thread waits here.
        PrintStream stdout = System.out;
        System.setOut(console);
        try {
            com.rabbitmq.perf.PerfTest.main(args.toArray(String[]::new), new com.rabbitmq.perf.PerfTest.PerfTestOptions()
                    .setSystemExiter(exit::set)
                    .setSkipSslContextConfiguration(true)
                    .setConsoleOut(console)
                    .setConsoleErr(new PrintStream(OutputStream.nullOutputStream())));
        } finally {
            System.setOut(stdout);
        }
        String printed = out.toString(StandardCharsets.UTF_8);
        if (exit.get() != 0) {
            throw new IllegalStateException("PerfTest " + String.join(" ", args) + " exited with " + exit.get() + ": " + printed);
        }
        return printed;
    }

    /** The arguments every PerfTest run here shares: the broker, a fixed id, persistent 100-byte messages, a quiet console. */
    public static List<String> common(String uri, String id) {
        return new ArrayList<>(List.of("--uri", uri, "--id", id, "--size", "100", "--flag", "persistent",
                "--interval", "60"));
    }
}
