package com.ctec.consumer.agent.registry;

import com.ctec.consumer.ConsumerStats;

import java.util.List;
import java.util.Objects;

/**
 * One consumer process as its registry znode {@code <root>/<appName>/<hostIp>:<pid>} describes it
 * (docs/monitoring.md lists each field); the agent writes it with {@link #toJson()}, readers use {@link #parse}.
 *
 * <p>Fields missing from a document read as "", 0 or an empty list, so entries written by an older
 * or newer agent still parse.
 *
 * @param appName      the application name
 * @param appDesc      what the application does
 * @param deployPath   the process's working directory
 * @param hostIp       the host address (env {@code HOST_IP}, else the address the process reaches the broker from)
 * @param pid          the process id
 * @param version      the ctec-consumer version
 * @param startedAt    when the process started, epoch ms
 * @param updatedAt    when the entry was last written, epoch ms
 * @param state        RUNNING, RECOVERING or STOPPING
 * @param threadCount  the process's live threads now
 * @param intervalMs   the sampling interval (agentInterval), ms
 * @param queues       the queues the process consumes
 * @param cpu          CPU use of the process, percent of the whole machine, one point per interval
 * @param memory       memory held by the process, percent of the machine's physical memory
 * @param consumed     messages handled (settled) in each minute, all queues together
 * @param heapUsed     Java heap in use at the minute's end, bytes
 * @param threadCounts live threads at the minute's end
 * @param failed       worker failures in each minute (exception, null, REDELIVER, failed forward)
 * @param deadLettered messages dead-lettered in each minute
 * @param backlog      messages ready in the process's queues at the minute's end, summed
 */
public record RegistryEntry(String appName, String appDesc, String deployPath, String hostIp, long pid, String version,
                            long startedAt, long updatedAt, String state, int threadCount, long intervalMs,
                            List<Queue> queues, List<Point> cpu, List<Point> memory, List<Point> consumed,
                            List<Point> heapUsed, List<Point> threadCounts, List<Point> failed,
                            List<Point> deadLettered, List<Point> backlog) {

    /** Copies the lists, so an entry never changes once built. */
    public RegistryEntry {
        queues = List.copyOf(queues);
        cpu = List.copyOf(cpu);
        memory = List.copyOf(memory);
        consumed = List.copyOf(consumed);
        heapUsed = List.copyOf(heapUsed);
        threadCounts = List.copyOf(threadCounts);
        failed = List.copyOf(failed);
        deadLettered = List.copyOf(deadLettered);
        backlog = List.copyOf(backlog);
    }

    /** An entry as agents before the failure and backlog series wrote it: those series empty. */
    public RegistryEntry(String appName, String appDesc, String deployPath, String hostIp, long pid, String version,
                         long startedAt, long updatedAt, String state, int threadCount, long intervalMs,
                         List<Queue> queues, List<Point> cpu, List<Point> memory, List<Point> consumed,
                         List<Point> heapUsed, List<Point> threadCounts) {
        this(appName, appDesc, deployPath, hostIp, pid, version, startedAt, updatedAt, state, threadCount, intervalMs,
                queues, cpu, memory, consumed, heapUsed, threadCounts, List.of(), List.of(), List.of());
    }

    /** This entry with its six day series replaced by {@code day} (the others unchanged): what {@link RegistryReader} joins. */
    public RegistryEntry withSeries(HistorySeries day) {
        return new RegistryEntry(appName, appDesc, deployPath, hostIp, pid, version, startedAt, updatedAt, state, threadCount,
                intervalMs, queues, day.cpu(), day.memory(), day.consumed(), heapUsed, threadCounts, day.failed(),
                day.deadLettered(), day.backlog());
    }

    /**
     * The value of the newest whole minute of {@code series} when this entry was written (the minute
     * in progress then was partial), or of the minute in progress when none had closed yet; 0 when
     * the series is empty. What "per minute now" means on the dashboard and in {@code status}.
     */
    public double lastMinute(List<Point> series) {
        long inProgress = RegistryPaths.minuteOf(updatedAt);
        for (int i = series.size() - 1; i >= 0; i--) {
            if (series.get(i).at() < inProgress) {
                return series.get(i).value();
            }
        }
        return series.isEmpty() ? 0 : series.get(series.size() - 1).value();
    }

    /** The newest value of {@code series} (a gauge's latest reading), or -1 when it is empty. */
    public static double latest(List<Point> series) {
        return series.isEmpty() ? -1 : series.get(series.size() - 1).value();
    }

    /** The six series kept in the history, as they are in this entry. */
    public HistorySeries series() {
        return new HistorySeries(cpu, memory, consumed, failed, deadLettered, backlog);
    }

    /** The last path segment of the entry's znode: {@code hostIp:pid}. */
    public String instanceId() {
        return hostIp + ":" + pid;
    }

    /**
     * One queue consumed by the process.
     *
     * @param queue    the queue name
     * @param vhost    its virtual host
     * @param broker   the broker connected now ({@code host:port}), else the configured brokers
     * @param prefetch the subscription's prefetch
     * @param threads  worker threads
     * @param mode     THREADS, VIRTUAL_THREADS or PROCESSES
     * @param state       the consumer's own state (STARTING, RUNNING, RECOVERING, STOPPING)
     * @param stats       its counters since it started
     * @param backlog     messages ready in the queue at the last reading, or -1 when unknown
     * @param lastFailure the last failed worker call, or null when none failed
     */
    public record Queue(String queue, String vhost, String broker, int prefetch, int threads, String mode,
                        String state, ConsumerStats stats, long backlog, Failure lastFailure) {
        /** Rejects a null stats: use zeros. */
        public Queue {
            Objects.requireNonNull(stats, "stats");
        }

        /** A queue line as agents before backlog and lastFailure wrote it. */
        public Queue(String queue, String vhost, String broker, int prefetch, int threads, String mode, String state,
                     ConsumerStats stats) {
            this(queue, vhost, broker, prefetch, threads, mode, state, stats, -1, null);
        }
    }

    /**
     * A failed worker call.
     *
     * @param at    when, epoch ms
     * @param error the exception's class and message (or what the worker answered), one line, at most
     *              {@value #MAX_ERROR_LENGTH} characters, control characters replaced by spaces
     */
    public record Failure(long at, String error) {
        /** The longest error kept: enough for a class name and a message, small enough for every rewrite. */
        public static final int MAX_ERROR_LENGTH = 300;

        /** Cleans {@code error}: control characters become spaces, then it is cut to {@link #MAX_ERROR_LENGTH}. */
        public Failure {
            error = clean(error);
        }

        /** {@code text} on one line, without control characters, at most {@link #MAX_ERROR_LENGTH} characters. */
        public static String clean(String text) {
            if (text == null) {
                return "";
            }
            StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_ERROR_LENGTH));
            for (int i = 0; i < text.length() && out.length() < MAX_ERROR_LENGTH; i++) {
                char c = text.charAt(i);
                int type = Character.getType(c);
                // Line and paragraph separators break lines too; format characters (bidi overrides) reorder what is shown.
                boolean control = Character.isISOControl(c) || type == Character.LINE_SEPARATOR
                        || type == Character.PARAGRAPH_SEPARATOR || type == Character.FORMAT;
                out.append(control ? ' ' : c);
            }
            if (out.length() == MAX_ERROR_LENGTH && text.length() > MAX_ERROR_LENGTH) {
                int cut = MAX_ERROR_LENGTH - 3;
                out.setLength(Character.isHighSurrogate(out.charAt(cut - 1)) ? cut - 1 : cut);
                out.append("...");
            }
            return out.toString().strip();
        }
    }

    /**
     * One sample of a series.
     *
     * @param at    the start of the minute, epoch ms, a multiple of 60,000
     * @param value the value of that minute
     */
    public record Point(long at, double value) {
    }

    /**
     * Parses the JSON of a registry znode ({@link RegistryJson#readEntry}).
     *
     * @throws IllegalArgumentException when {@code json} is not a JSON object, or a field has the wrong type
     */
    public static RegistryEntry parse(String json) {
        return RegistryJson.readEntry(json);
    }

    /** The JSON written to the znode ({@link RegistryJson#writeEntry}); {@link #parse} reads it back equal. */
    public String toJson() {
        return RegistryJson.writeEntry(this);
    }

    /** Agents that wrote no interval rewrite once a minute, the agent's default. */
    public static final long DEFAULT_INTERVAL_MS = 60_000;

    /** The agent's rewrite interval: {@code intervalMs}, or the default when the entry has none. */
    public long interval() {
        return intervalMs > 0 ? intervalMs : DEFAULT_INTERVAL_MS;
    }

    /**
     * How old the entry may get before it counts as stale: three missed rewrites. One late write is
     * jitter; three mean a hung process, or a dead one whose ZooKeeper session has not expired yet.
     */
    public long staleAfterMs() {
        return 3 * interval();
    }

    /** Whether the entry was last rewritten longer ago than {@link #staleAfterMs()} at {@code nowMillis}. */
    public boolean isStale(long nowMillis) {
        return nowMillis - updatedAt > staleAfterMs();
    }
}
