package com.ctec.consumer.agent.registry;

import com.ctec.consumer.ConsumerStats;
import com.ctec.consumer.internal.Json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * @param consumed     messages handled (settled) in each interval, all queues together
 * @param heapUsed     Java heap in use, bytes
 * @param threadCounts live threads at the end of each interval
 */
public record RegistryEntry(String appName, String appDesc, String deployPath, String hostIp, long pid, String version,
                            long startedAt, long updatedAt, String state, int threadCount, long intervalMs,
                            List<Queue> queues, List<Point> cpu, List<Point> memory, List<Point> consumed,
                            List<Point> heapUsed, List<Point> threadCounts) {

    /** Copies the lists, so an entry never changes once built. */
    public RegistryEntry {
        queues = List.copyOf(queues);
        cpu = List.copyOf(cpu);
        memory = List.copyOf(memory);
        consumed = List.copyOf(consumed);
        heapUsed = List.copyOf(heapUsed);
        threadCounts = List.copyOf(threadCounts);
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
     * @param state    the consumer's own state (STARTING, RUNNING, RECOVERING, STOPPING)
     * @param stats    its counters since it started
     */
    public record Queue(String queue, String vhost, String broker, int prefetch, int threads, String mode,
                        String state, ConsumerStats stats) {
        /** Rejects a null stats: use zeros. */
        public Queue {
            Objects.requireNonNull(stats, "stats");
        }
    }

    /**
     * One sample of a series.
     *
     * @param at    the start of the interval, epoch ms
     * @param value the value measured over that interval
     */
    public record Point(long at, double value) {
    }

    /**
     * Parses the JSON of a registry znode.
     *
     * @throws IllegalArgumentException when {@code json} is not a JSON object
     */
    public static RegistryEntry parse(String json) {
        if (!(Json.parse(json) instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("a registry entry must be a JSON object, got: "
                    + (json.length() > 80 ? json.substring(0, 80) + "..." : json));
        }
        Fields f = new Fields(map);
        List<Queue> queues = new ArrayList<>();
        for (Object item : f.list("queues")) {
            if (item instanceof Map<?, ?> q) {
                queues.add(queue(new Fields(q)));
            }
        }
        return new RegistryEntry(f.text("appName"), f.text("appDesc"), f.text("deployPath"), f.text("hostIp"),
                f.number("pid"), f.text("version"), f.number("startedAt"), f.number("updatedAt"), f.text("state"),
                (int) f.number("threadCount"), f.number("intervalMs"), queues, f.series("cpu"), f.series("memory"),
                f.series("consumed"), f.series("heapUsed"), f.series("threadCounts"));
    }

    /** The JSON written to the znode; {@link #parse} reads it back equal. */
    public String toJson() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("appName", appName);
        out.put("appDesc", appDesc);
        out.put("deployPath", deployPath);
        out.put("hostIp", hostIp);
        out.put("pid", pid);
        out.put("version", version);
        out.put("startedAt", startedAt);
        out.put("updatedAt", updatedAt);
        out.put("state", state);
        out.put("threadCount", threadCount);
        out.put("intervalMs", intervalMs);
        out.put("queues", queues.stream().map(RegistryEntry::queueMap).toList());
        out.put("cpu", seriesJson(cpu));
        out.put("memory", seriesJson(memory));
        out.put("consumed", seriesJson(consumed));
        out.put("heapUsed", seriesJson(heapUsed));
        out.put("threadCounts", seriesJson(threadCounts));
        return Json.write(out);
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

    private static Queue queue(Fields q) {
        Fields s = new Fields(q.map("stats"));
        ConsumerStats stats = new ConsumerStats(s.number("delivered"), s.number("succeeded"), s.number("redelivered"),
                s.number("rejected"), s.number("deadLettered"), s.number("failed"), s.number("forwarded"),
                s.number("replied"), s.number("inFlight"));
        return new Queue(q.text("queue"), q.text("vhost"), q.text("broker"), (int) q.number("prefetch"),
                (int) q.number("threads"), q.text("mode"), q.text("state"), stats);
    }

    private static Map<String, Object> queueMap(Queue q) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("queue", q.queue());
        out.put("vhost", q.vhost());
        out.put("broker", q.broker());
        out.put("prefetch", q.prefetch());
        out.put("threads", q.threads());
        out.put("mode", q.mode());
        out.put("state", q.state());
        ConsumerStats s = q.stats();
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("delivered", s.delivered());
        stats.put("succeeded", s.succeeded());
        stats.put("redelivered", s.redelivered());
        stats.put("rejected", s.rejected());
        stats.put("deadLettered", s.deadLettered());
        stats.put("failed", s.failed());
        stats.put("forwarded", s.forwarded());
        stats.put("replied", s.replied());
        stats.put("inFlight", s.inFlight());
        out.put("stats", stats);
        return out;
    }

    private static List<List<Number>> seriesJson(List<Point> points) {
        List<List<Number>> out = new ArrayList<>(points.size());
        for (Point p : points) {
            double v = p.value();
            // Counts stay integers in the JSON ("1800", not "1800.0"), as the API page shows them.
            Number value = v == Math.rint(v) && Math.abs(v) < 1e15 ? (Number) (long) v : (Number) v;
            out.add(List.of(p.at(), value));
        }
        return out;
    }

    /** Lenient typed access to a parsed JSON object. */
    private record Fields(Map<?, ?> map) {
        String text(String key) {
            Object v = map.get(key);
            return v == null ? "" : v.toString();
        }

        long number(String key) {
            return map.get(key) instanceof Number n ? n.longValue() : 0L;
        }

        List<?> list(String key) {
            return map.get(key) instanceof List<?> l ? l : List.of();
        }

        Map<?, ?> map(String key) {
            return map.get(key) instanceof Map<?, ?> m ? m : Map.of();
        }

        List<Point> series(String key) {
            List<Point> points = new ArrayList<>();
            for (Object item : list(key)) {
                if (item instanceof List<?> pair && pair.size() == 2
                        && pair.get(0) instanceof Number at && pair.get(1) instanceof Number value) {
                    points.add(new Point(at.longValue(), value.doubleValue()));
                }
            }
            return points;
        }
    }
}
