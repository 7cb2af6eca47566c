package com.ctec.bench;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The command line. The sizes of the default run keep it near 15 minutes on 2 cores; {@code --quick}
 * cuts every count so that a check of the whole harness takes about 3.
 */
public record Options(String uri, int rounds, boolean quick, int messages, Set<Integer> scenarios, Path docs, String only,
                      boolean lazyQueues) {

    public static final String USAGE = """
            usage: bench/run [--quick] [--rounds N] [--messages N] [--scenarios 1,2,...] [--uri amqp://...] [--docs DIR|--no-docs]
              --quick        small counts everywhere (about 3 minutes); default about 15 minutes
              --rounds N     alternating rounds per scenario (default 3); the median and min-max are reported
              --messages N   messages per round of scenarios 1 and 3 (default 100000, quick 20000); others scale from it
              --scenarios    which scenarios to run (default all: 1 trivial, 2 I/O-bound, 3 batches, 4 forwarding, 5 latency, 6 cost growth)
              --uri          the broker (default amqp://guest:guest@127.0.0.1:5672/%2F)
              --docs DIR     where benchmarks.md and benchmarks.svg are written (default docs); --no-docs writes nothing
              --only A|B     run only the throughput trials whose label contains A or B (to profile or compare a few)
              --queue-mode M lazy (default): every queue is declared with x-queue-mode=lazy, as every classic queue
                             behaves since RabbitMQ 3.12; default: the broker's own default (on 3.10 a fresh
                             queue sometimes serves at a third of the broker CPU, whoever consumes: docs/benchmarks.md)
            """;

    public static Options parse(String[] args) {
        String uri = "amqp://guest:guest@127.0.0.1:5672/%2F";
        int rounds = 3;
        boolean quick = false;
        Integer messages = null;
        Set<Integer> scenarios = new LinkedHashSet<>(Set.of(1, 2, 3, 4, 5, 6));
        Path docs = Path.of("docs");
        String only = null;
        boolean lazyQueues = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--rounds" -> rounds = positive(args, ++i);
                case "--messages" -> messages = positive(args, ++i);
                case "--uri" -> uri = value(args, ++i);
                case "--docs" -> docs = Path.of(value(args, ++i));
                case "--no-docs" -> docs = null;
                case "--only" -> only = value(args, ++i);
                case "--scenarios" -> scenarios = scenarios(value(args, ++i));
                case "--queue-mode" -> lazyQueues = queueMode(value(args, ++i));
                case "-h", "--help" -> throw new IllegalArgumentException("");
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        return new Options(uri, rounds, quick, messages != null ? messages : quick ? 20_000 : 100_000, scenarios, docs, only,
                lazyQueues);
    }

    /** Scenario 2's worker blocks 10 ms: fewer messages keep a round of the slowest contender short. */
    public int ioMessages() {
        return Math.max(1_000, messages / 5);
    }

    public int forwardMessages() {
        return Math.max(1_000, messages / 4);
    }

    /** Per point of the scenario 6 sweeps: 18 points, so fewer messages each keep the run near 15 minutes. */
    public int sweepMessages() {
        return Math.max(1_000, messages / 8);
    }

    public int latencySeconds() {
        return quick ? 4 : 10;
    }

    /** Scenario 6's body-size sweep sends at most this many bytes per round. */
    public long bodyBudgetBytes() {
        return quick ? 20_000_000L : 100_000_000L;
    }

    /** The arguments every queue of the run is declared with. */
    public Map<String, Object> queueArguments() {
        return lazyQueues ? Map.of("x-queue-mode", "lazy") : Map.of();
    }

    public String queueModeDescription() {
        return lazyQueues ? "lazy classic queues" : "classic queues in the broker's default mode";
    }

    public boolean runs(int scenario) {
        return scenarios.contains(scenario);
    }

    private static boolean queueMode(String mode) {
        return switch (mode) {
            case "lazy" -> true;
            case "default" -> false;
            default -> throw new IllegalArgumentException("--queue-mode takes lazy or default, was " + mode);
        };
    }

    private static Set<Integer> scenarios(String list) {
        Set<Integer> chosen = new LinkedHashSet<>();
        for (String item : list.split(",")) {
            int n = Integer.parseInt(item.trim());
            if (n < 1 || n > 6) {
                throw new IllegalArgumentException("--scenarios takes numbers from 1 to 6, was " + item);
            }
            chosen.add(n);
        }
        return chosen;
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        return args[i];
    }

    private static int positive(String[] args, int i) {
        int n = Integer.parseInt(value(args, i));
        if (n < 1) {
            throw new IllegalArgumentException(args[i - 1] + " must be at least 1, was " + n);
        }
        return n;
    }
}
