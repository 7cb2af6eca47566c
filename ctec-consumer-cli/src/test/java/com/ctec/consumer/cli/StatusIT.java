package com.ctec.consumer.cli;

import com.ctec.consumer.agent.registry.RegistryEntry;
import com.ctec.consumer.internal.Json;
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
        Cli.Running consumer = Cli.start(Map.of(), "run", "--queue", queue, "--worker", "LogAndAckWorker",
                "--zookeeper", zookeeper.getConnectString(), "--agent-interval", "1s", "--app-name", app);
        try {
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500))
                    .until(() -> Cli.run("status", "--zookeeper", zookeeper.getConnectString(), "--app", app, "--json")
                            .stdout().contains("\"pid\":" + consumer.process().pid()));

            Cli.Result table = Cli.run("status", "--zookeeper", zookeeper.getConnectString());
            assertThat(table.exitCode()).as(table.toString()).isZero();
            assertThat(table.stdout()).contains("app", "host", "pid", "state", "queues", "msgs/min", "CPU %", "mem %", "last update")
                    .contains(app, queue, Long.toString(consumer.process().pid()), "RUNNING");

            Cli.Result json = Cli.run("status", "--zookeeper", zookeeper.getConnectString(), "--app", app, "--json");
            List<?> rows = (List<?>) Json.parse(json.stdout());
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
    void statusWithoutZooKeeperFailsInSecondsWithOneLine() throws Exception {
        Cli.Result result = Cli.run("status", "--zookeeper", "127.0.0.1:1", "--timeout", "2s");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(Exit.FAILURE);
        assertThat(result.took()).isLessThan(Duration.ofSeconds(10));
        assertThat(result.stderr().strip()).isEqualTo(
                "No ZooKeeper answered at 127.0.0.1:1 within 2 s: check --zookeeper and that ZooKeeper is running.");
    }
}
