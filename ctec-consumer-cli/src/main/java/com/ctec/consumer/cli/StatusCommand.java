package com.ctec.consumer.cli;

import com.ctec.consumer.agent.registry.RegistryClient;
import com.ctec.consumer.agent.registry.RegistryEntry;
import com.ctec.consumer.agent.registry.RegistryJson;
import com.ctec.consumer.agent.registry.RegistryReader;
import com.ctec.consumer.agent.registry.Trouble;
import com.ctec.consumer.internal.Printable;
import com.ctec.consumer.internal.connect.BrokerErrors;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.retry.RetryOneTime;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code ctec-consumer status}: the fleet as the ZooKeeper registry shows it, as a table or JSON. */
@Command(name = "status", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Show every running consumer process from the ZooKeeper registry: app, host, pid, state, queues, "
                + "messages, failures and dead letters in the last minute, backlog, CPU and memory now, and when its "
                + "entry was last written; then the last failure of each queue that failed in the last hour.",
            "An entry is STALE when it was not rewritten for 3 agent intervals (its own intervalMs, 1 minute if "
                + "absent) or --stale-after: the process may hang, or died and its session has not expired yet.",
            "FAILING: more than " + Trouble.DEAD_LETTERED_PER_MINUTE + " dead letters or more than "
                + Trouble.FAILED_PER_MINUTE + " failed worker calls in a minute, in the last " + Trouble.WINDOW_MINUTES
                + " minutes. STALLED: messages wait and nothing was consumed for " + Trouble.WINDOW_MINUTES
                + " minutes. BEHIND: the backlog grew in each of the last " + Trouble.WINDOW_MINUTES + " minutes.", ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the registry was read (also when it is empty)", "1:ZooKeeper unreachable or unreadable",
            "2:usage error"})
final class StatusCommand implements Callable<Integer> {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    @Option(names = "--zookeeper", paramLabel = "HOSTS", description = "ZooKeeper connect string host:port[,host:port] (default: $CTEC_ZOOKEEPER_HOSTS)")
    private String zookeeper;

    @Option(names = "--app", paramLabel = "NAME", description = "only this application")
    private String app;

    @Option(names = "--json", description = "print JSON for scripts instead of a table")
    private boolean json;

    @Option(names = "--root", paramLabel = "PATH", defaultValue = "/ctec-consumer", description = "the registry's root znode (default: ${DEFAULT-VALUE})")
    private String root;

    @Option(names = "--zookeeper-digest", paramLabel = "USER:PASS", description = "digest credentials for an ACL-protected registry (default: $CTEC_ZOOKEEPER_DIGEST, else the --credentials file's; better there than on the command line)")
    private String digest;

    @Option(names = "--credentials", paramLabel = "FILE", description = Credentials.OPTION_DESCRIPTION)
    private Path credentialsFile;

    @Option(names = "--stale-after", paramLabel = "DURATION", description = "mark entries older than this as stale (default: 3 agent intervals)")
    private String staleAfter;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "5s", description = "how long to wait for ZooKeeper (default: ${DEFAULT-VALUE})")
    private String timeout;

    @Override
    public Integer call() {
        String hosts = zookeeper != null ? zookeeper : System.getenv("CTEC_ZOOKEEPER_HOSTS");
        if (hosts == null || hosts.isBlank()) {
            throw CliException.usage("No ZooKeeper to read: pass --zookeeper HOST:PORT (or set CTEC_ZOOKEEPER_HOSTS).");
        }
        Duration wait = duration("--timeout", timeout);
        Duration stale = staleAfter == null ? null : duration("--stale-after", staleAfter);
        List<Row> rows;
        List<RegistryReader.InvalidNode> invalid = new ArrayList<>();
        try (CuratorFramework client = connect(hosts.trim(), wait)) {
            RegistryReader reader = newReader(client);
            Map<String, List<RegistryEntry>> fleet = app == null ? reader.all(invalid::add)
                    : Map.of(app, reader.instances(app, invalid::add));
            removeOldHistory(reader);
            rows = rows(fleet, stale);
        } catch (IllegalStateException e) {
            throw CliException.failure("Cannot read the registry under " + root + " on ZooKeeper " + hosts + " ("
                    + rootMessage(e) + "): check --zookeeper, --root and the credentials.", e);
        }
        // One bad node (hostile, damaged, foreign) costs its own line, never the fleet's table; on stderr, so --json stays JSON.
        for (RegistryReader.InvalidNode node : invalid) {
            System.err.println("Skipped " + Printable.of(node.path()) + ": it " + Printable.of(node.problem()) + ".");
        }
        System.out.print(json ? RegistryJson.write(rows) + "\n" : table(rows, hosts));
        return Exit.OK;
    }

    /** Readers share the clean-up of history left by processes gone for a day (shared/API.md); a failure there is not the user's. */
    private static void removeOldHistory(RegistryReader reader) {
        try {
            reader.removeHistoryOfGoneInstances();
        } catch (IllegalStateException e) {
            // Read-only credentials or a slow ZooKeeper: the next reader tries again.
        }
    }

    private RegistryReader newReader(CuratorFramework client) {
        try {
            return new RegistryReader(client, root);
        } catch (IllegalArgumentException e) {
            throw CliException.usage("--root " + e.getMessage(), e);
        }
    }

    private CuratorFramework connect(String hosts, Duration wait) {
        Credentials.warnIfDigestFlag(digest, System.err);
        String credentials = digest != null ? digest
                : Credentials.load(credentialsFile, System.getenv(), System.err).zookeeperDigest().orElse(null);
        CuratorFramework client;
        try {
            // One retry at most: a status command must answer in seconds, not retry for minutes.
            client = RegistryClient.create(hosts, wait, Duration.ofMillis(Math.max(wait.toMillis() * 2, 10_000)),
                    new RetryOneTime(200), credentials, null);
        } catch (IllegalArgumentException e) {
            throw CliException.usage("--zookeeper " + e.getMessage(), e);
        }
        try {
            return RegistryClient.connect(client, hosts, wait, "--zookeeper and that ZooKeeper is running");
        } catch (IllegalStateException e) {
            throw CliException.failure(e.getMessage(), e);
        }
    }

    /** How far back a queue's last failure is still listed under the table. */
    private static final Duration RECENT_FAILURE = Duration.ofHours(1);

    /**
     * One process as the table shows it, and as {@code --json} writes it, field by field (docs/cli.md):
     * backlog, cpuPercent and memoryPercent are null when unknown.
     */
    record Row(String app, String host, long pid, String state, boolean stale, Trouble trouble, List<String> queues,
               long messagesPerMinute, long failedPerMinute, long deadLetteredPerMinute, Long backlog,
               Double cpuPercent, Double memoryPercent, int threads, String version, long updatedAt, long ageSeconds,
               List<QueueFailure> lastFailures) {
        /** What the table's state column says: STALE, else the trouble, else the process's own state. */
        String shownState() {
            return stale ? "STALE" : trouble != Trouble.NONE ? trouble.name() : state;
        }
    }

    /** The last failure of one queue. */
    record QueueFailure(String queue, long at, String error) {
    }

    private static List<Row> rows(Map<String, List<RegistryEntry>> fleet, Duration staleAfter) {
        long now = System.currentTimeMillis();
        List<Row> rows = new ArrayList<>();
        fleet.forEach((name, entries) -> {
            for (RegistryEntry e : entries) {
                long age = Math.max(0, now - e.updatedAt());
                boolean stale = staleAfter != null ? age > staleAfter.toMillis() : e.isStale(now);
                List<QueueFailure> failures = e.queues().stream().filter(q -> q.lastFailure() != null)
                        .map(q -> new QueueFailure(q.queue(), q.lastFailure().at(), q.lastFailure().error())).toList();
                long backlog = Math.round(RegistryEntry.latest(e.backlog()));
                rows.add(new Row(name, e.hostIp(), e.pid(), e.state(), stale, Trouble.of(e),
                        e.queues().stream().map(RegistryEntry.Queue::queue).toList(),
                        Math.round(e.lastMinute(e.consumed())), Math.round(e.lastMinute(e.failed())),
                        Math.round(e.lastMinute(e.deadLettered())), backlog < 0 ? null : backlog, last(e.cpu()),
                        last(e.memory()), e.threadCount(), e.version(), e.updatedAt(), age / 1000, failures));
            }
        });
        return rows;
    }

    private static Double last(List<RegistryEntry.Point> series) {
        return series.isEmpty() ? null : series.get(series.size() - 1).value();
    }

    private String table(List<Row> rows, String hosts) {
        if (rows.isEmpty()) {
            return (app == null ? "No consumer is registered under " + root : "No running instance of app '" + app + "' under " + root)
                    + " on ZooKeeper " + hosts + ".\n";
        }
        Table table = new Table("app", "host", "pid", "state", "queues", "msgs/min", "failed/min", "dead/min", "backlog",
                "CPU %", "mem %", "last update");
        for (Row r : rows) {
            table.row(r.app(), r.host(), r.pid(), r.shownState(), String.join(",", r.queues()),
                    String.format("%,d", r.messagesPerMinute()), String.format("%,d", r.failedPerMinute()),
                    String.format("%,d", r.deadLetteredPerMinute()), r.backlog() == null ? "-" : String.format("%,d", r.backlog()),
                    percent(r.cpuPercent()), percent(r.memoryPercent()),
                    TIME.format(Instant.ofEpochMilli(r.updatedAt())) + " (" + age(r.ageSeconds()) + " ago)");
        }
        long stale = rows.stream().filter(Row::stale).count();
        return table.render() + (stale == 0 ? "" : stale + " stale entr" + (stale == 1 ? "y" : "ies")
                + ": not rewritten for 3 agent intervals; the process may hang, or died and its ZooKeeper session has not expired yet.\n")
                + lastFailures(rows);
    }

    /** One line per queue that failed within the last hour, newest first. */
    private static String lastFailures(List<Row> rows) {
        long since = System.currentTimeMillis() - RECENT_FAILURE.toMillis();
        StringBuilder out = new StringBuilder();
        rows.stream().flatMap(r -> r.lastFailures().stream().filter(f -> f.at() >= since)
                        .map(f -> Map.entry(f, r.app() + " " + r.host() + ":" + r.pid())))
                .sorted((a, b) -> Long.compare(b.getKey().at(), a.getKey().at()))
                .forEach(e -> out.append("  ").append(TIME.format(Instant.ofEpochMilli(e.getKey().at()))).append("  ")
                        .append(Printable.of(e.getValue())).append("  ").append(Printable.of(e.getKey().queue())).append(": ")
                        .append(Printable.of(e.getKey().error())).append('\n'));
        return out.isEmpty() ? "" : "\nLast failures (last hour):\n" + out;
    }

    private static String percent(Double value) {
        return value == null ? "-" : String.format("%.1f", value);
    }

    private static String age(long seconds) {
        return seconds < 120 ? seconds + " s" : seconds < 7200 ? seconds / 60 + " min" : seconds / 3600 + " h";
    }

    private static Duration duration(String option, String text) {
        try {
            Duration d = Values.duration(text);
            if (d.isZero()) {
                throw new IllegalArgumentException("a positive duration was expected");
            }
            return d;
        } catch (IllegalArgumentException e) {
            throw CliException.usage(option + " was '" + text + "': " + e.getMessage() + ".", e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = BrokerErrors.rootCause(e);
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
