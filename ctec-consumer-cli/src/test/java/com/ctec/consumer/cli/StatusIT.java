package com.ctec.consumer.cli;

import com.ctec.consumer.agent.registry.RegistryEntry;
import com.ctec.consumer.agent.registry.RegistryJson;
import com.ctec.consumer.testing.Broker;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.CreateMode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code status} against a real ZooKeeper (curator-test) filled by a real consumer with its agent. */
class StatusIT {
    private final Broker broker = new Broker();
    private TestingServer zookeeper;

    @BeforeEach
    void startZooKeeper() throws Exception {
        zookeeper = new TestingServer(true);
    }

    @AfterEach
    void cleanUp() throws Exception {
        zookeeper.close();
        broker.close();
    }

    @Test
    void statusShowsAConsumerThatTheAgentRegistered() throws Exception {
        String queue = broker.queue("cli-status");
        String app = "cli-status-" + UUID.randomUUID().toString().substring(0, 8);
        // An entry is stale after three intervals: with 1 s, a status JVM starting slowly at load 12 saw it STALE.
        Cli.Running consumer = Cli.start(Map.of(), "run", "--queue", queue, "--worker", "LogAndAckWorker",
                "--zookeeper", zookeeper.getConnectString(), "--agent-interval", "10s", "--app-name", app);
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> Cli.run("status", "--zookeeper", zookeeper.getConnectString(), "--app", app, "--json")
                            .stdout().contains("\"pid\":" + consumer.process().pid()));

            Cli.Result table = Cli.run("status", "--zookeeper", zookeeper.getConnectString());
            assertThat(table.exitCode()).as(table.toString()).isZero();
            assertThat(table.stdout()).contains("app", "host", "pid", "state", "queues", "msgs/min", "failed/min", "dead/min",
                            "backlog", "CPU %", "mem %", "last update")
                    .contains(app, queue, Long.toString(consumer.process().pid()), "RUNNING");

            Cli.Result json = Cli.run("status", "--zookeeper", zookeeper.getConnectString(), "--app", app, "--json");
            List<?> rows = (List<?>) RegistryJson.readPlain(json.stdout());
            assertThat(rows).hasSize(1);
            Map<?, ?> row = (Map<?, ?>) rows.get(0);
            assertThat(row.get("app")).isEqualTo(app);
            assertThat(row.get("stale")).isEqualTo(false);
            assertThat(row.get("queues")).isEqualTo(List.of(queue));
        } finally {
            consumer.process().destroy();
            assertThat(consumer.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(consumer.process().exitValue()).as(consumer.err()).isZero();
    }

    @Test
    void statusMarksAnEntryThatStoppedBeingUpdatedAsStale() throws Exception {
        long tenMinutesAgo = System.currentTimeMillis() - 600_000;
        RegistryEntry old = new RegistryEntry("cli-stale", "", "/opt/app", "10.0.0.9", 4242, "1.0", tenMinutesAgo - 60_000,
                tenMinutesAgo, "RUNNING", 12, 60_000, List.of(), List.of(), List.of(), List.of(), List.of(), List.of());
        try (CuratorFramework client = CuratorFrameworkFactory.newClient(zookeeper.getConnectString(), new RetryOneTime(200))) {
            client.start();
            client.create().creatingParentsIfNeeded().withMode(CreateMode.PERSISTENT)
                    .forPath("/ctec-consumer/cli-stale/10.0.0.9:4242", old.toJson().getBytes(StandardCharsets.UTF_8));
        }

        Cli.Result result = Cli.run("status", "--zookeeper", zookeeper.getConnectString(), "--app", "cli-stale");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout()).contains("cli-stale", "10.0.0.9", "4242", "STALE", "10 min ago", "1 stale entry");
    }

    @Test
    void statusNamesTheFailingTheStalledAndTheBehindWithTheirFiguresAndTheLastFailures() throws Exception {
        long now = System.currentTimeMillis();
        long minute = now - now % 60_000;
        // Six minutes, oldest first, the last one in progress.
        put(entry("cli-failing", 1, now, minute, new double[]{100, 100, 100, 100, 100, 40}, new double[]{0, 0, 0, 0, 3, 1},
                new double[]{0, 0, 0, 0, 2, 0}, new double[]{0, 0, 0, 0, 0, 0},
                new RegistryEntry.Failure(now - 5_000, "java.sql.SQLException: connection refused")));
        put(entry("cli-stalled", 2, now, minute, new double[]{50, 0, 0, 0, 0, 0}, zeros(), zeros(),
                new double[]{10, 12, 12, 12, 12, 12}, null));
        put(entry("cli-behind", 3, now, minute, new double[]{60, 60, 60, 60, 60, 20}, zeros(), zeros(),
                new double[]{0, 100, 200, 300, 400, 420}, null));
        put(entry("cli-fine", 4, now, minute, new double[]{60, 60, 60, 60, 60, 20}, zeros(), zeros(), zeros(), null));

        Cli.Result table = Cli.run("status", "--zookeeper", zookeeper.getConnectString());

        assertThat(table.exitCode()).as(table.toString()).isZero();
        assertThat(table.stdout()).contains("failed/min", "dead/min", "backlog");
        assertThat(line(table.stdout(), "cli-failing")).contains("FAILING", " 3 ", " 2 ");
        assertThat(line(table.stdout(), "cli-stalled")).contains("STALLED", " 12 ");
        assertThat(line(table.stdout(), "cli-behind")).contains("BEHIND", " 420 ");
        assertThat(line(table.stdout(), "cli-fine")).contains("RUNNING");
        assertThat(table.stdout()).contains("Last failures (last hour):")
                .containsPattern("cli-failing 10\\.0\\.0\\.1:1  q\\.cli-failing: java\\.sql\\.SQLException: connection refused");

        List<?> rows = (List<?>) RegistryJson.readPlain(Cli.run("status", "--zookeeper", zookeeper.getConnectString(), "--app",
                "cli-failing", "--json").stdout());
        Map<?, ?> row = (Map<?, ?>) rows.get(0);
        assertThat(row.get("trouble")).isEqualTo("failing");
        assertThat(row.get("failedPerMinute")).isEqualTo(3L);
        assertThat(row.get("deadLetteredPerMinute")).isEqualTo(2L);
        assertThat(row.get("backlog")).isEqualTo(0L);
        assertThat((List<?>) row.get("lastFailures")).singleElement().satisfies(f ->
                assertThat(((Map<?, ?>) f).get("error")).isEqualTo("java.sql.SQLException: connection refused"));
    }

    @Test
    void statusSkipsEachBadNodeWithOneLineAndShowsTheRestWithControlCharactersEscaped() throws Exception {
        long now = System.currentTimeMillis();
        RegistryEntry.Queue queue = new RegistryEntry.Queue("q\u001b[2J\u001b[31mred", "/", "h:5672", 30, 5, "THREADS", "RUNNING",
                new com.ctec.consumer.ConsumerStats(0, 0, 0, 0, 0, 0, 0, 0, 0));
        RegistryEntry good = new RegistryEntry("cli-hostile", "", "/opt/app", "10.0.0.7", 77, "1.0\nforged  row", now - 60_000,
                now, "RUNNING", 12, 60_000, List.of(queue), List.of(), List.of(), List.of(), List.of(), List.of());
        put(good);
        putRaw("/ctec-consumer/cli-hostile/10.0.0.7:78", "{\"appName\":\"cli-hostile\",\"appDesc\":\"\\");
        putRaw("/ctec-consumer/cli-hostile/10.0.0.7:79", "[".repeat(200_000));
        putRaw("/ctec-consumer/cli-hostile/10.0.0.7:80", "");
        putRaw("/ctec-consumer/cli-hostile/10.0.0.7:81", good.toJson().replace("\"pid\":77", "\"pid\":81")
                .replace("\"state\":\"RUNNING\"", "\"state\":\"RUNNING\\n10.6.6.6  666  RUNNING\""));

        Cli.Result table = Cli.run("status", "--zookeeper", zookeeper.getConnectString());

        assertThat(table.exitCode()).as(table.toString()).isZero();
        assertThat(table.stdout()).doesNotContain("\u001b").contains("q\\u001b[2J\\u001b[31mred")
                .doesNotContain("10.6.6.6").doesNotContain("StackOverflow");
        assertThat(table.stdout().lines().filter(l -> l.startsWith("cli-hostile"))).hasSize(1);
        assertThat(table.stderr().lines()).containsExactly(
                "Skipped /ctec-consumer/cli-hostile/10.0.0.7:78: it is not a registry entry (bad JSON at 37: Unexpected end-of-input in character escape sequence).",
                "Skipped /ctec-consumer/cli-hostile/10.0.0.7:79: it is not a registry entry (bad JSON at 128: nested deeper than 128 levels).",
                "Skipped /ctec-consumer/cli-hostile/10.0.0.7:80: it holds no data.",
                "Skipped /ctec-consumer/cli-hostile/10.0.0.7:81: it has state 'RUNNING\\n10.6.6.6  666  RUNNING', not one of RUNNING, RECOVERING, STOPPING.");
        Cli.Result json = Cli.run("status", "--zookeeper", zookeeper.getConnectString(), "--json");
        assertThat((List<?>) RegistryJson.readPlain(json.stdout())).hasSize(1);
    }

    private void putRaw(String path, String data) throws Exception {
        try (CuratorFramework client = CuratorFrameworkFactory.newClient(zookeeper.getConnectString(), new RetryOneTime(200))) {
            client.start();
            client.create().creatingParentsIfNeeded().forPath(path, data.getBytes(StandardCharsets.UTF_8));
        }
    }

    private void put(RegistryEntry entry) throws Exception {
        try (CuratorFramework client = CuratorFrameworkFactory.newClient(zookeeper.getConnectString(), new RetryOneTime(200))) {
            client.start();
            client.create().creatingParentsIfNeeded().forPath("/ctec-consumer/" + entry.appName() + "/" + entry.instanceId(),
                    entry.toJson().getBytes(StandardCharsets.UTF_8));
        }
    }

    private static RegistryEntry entry(String app, int pid, long now, long minute, double[] consumed, double[] failed,
                                       double[] deadLettered, double[] backlog, RegistryEntry.Failure failure) {
        RegistryEntry.Queue queue = new RegistryEntry.Queue("q." + app, "/", "h:5672", 30, 5, "THREADS", "RUNNING",
                new com.ctec.consumer.ConsumerStats(0, 0, 0, 0, 0, 0, 0, 0, 0), (long) backlog[backlog.length - 1], failure);
        return new RegistryEntry(app, "", "/opt/" + app, "10.0.0." + pid, pid, "1.0", now - 600_000, now, "RUNNING", 12,
                60_000, List.of(queue), points(minute, zeros()), points(minute, zeros()), points(minute, consumed),
                List.of(), List.of(), points(minute, failed), points(minute, deadLettered), points(minute, backlog));
    }

    private static List<RegistryEntry.Point> points(long minuteInProgress, double[] values) {
        List<RegistryEntry.Point> points = new java.util.ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            points.add(new RegistryEntry.Point(minuteInProgress - (values.length - 1 - i) * 60_000L, values[i]));
        }
        return points;
    }

    private static double[] zeros() {
        return new double[6];
    }

    private static String line(String table, String app) {
        return table.lines().filter(l -> l.startsWith(app)).findFirst().orElseThrow(() -> new AssertionError(app + " not in\n" + table));
    }

    @Test
    void statusWithoutZooKeeperFailsInSecondsWithOneLine() throws Exception {
        // Measured against a run that only starts the JVM: a busy machine slows both alike (a fixed 10 s bound saw 14 s at load 20).
        Cli.Result startOnly = Cli.run("status", "--help");
        Cli.Result result = Cli.run("status", "--zookeeper", "127.0.0.1:1", "--timeout", "2s");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(Exit.FAILURE);
        assertThat(result.took()).as("the 2 s timeout plus starting the JVM (%s ms)", startOnly.took().toMillis())
                .isLessThan(startOnly.took().plusSeconds(2 + 10));
        assertThat(result.stderr().strip()).isEqualTo(
                "No ZooKeeper answered at 127.0.0.1:1 within 2 s: check --zookeeper and that ZooKeeper is running.");
    }
}
