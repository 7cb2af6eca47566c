package com.ctec.consumer.agent;

import com.ctec.consumer.Consumer;
import com.ctec.consumer.agent.registry.RegistryEntry;
import com.ctec.consumer.agent.registry.RegistryJson;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.data.ACL;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class RegistryTest extends RegistryFixture {

    @Test
    void theEntryHoldsTheJsonOfTheApiAndItsConsumedSeriesSumsToTheMessagesHandled() throws Exception {
        String queue = broker.queue("registry");
        broker.publishNumbered(queue, 30);
        try (Consumer consumer = Consumers.started(Consumers.builder(queue, "journal").appDesc("saves logins")
                .prefetch(10).threads(3).zookeeper(zk.connectString()))) {
            broker.publishNumbered(queue, 20);
            await().atMost(Duration.ofSeconds(20)).until(() -> consumer.stats().succeeded() == 50);

            await().atMost(Duration.ofSeconds(20)).until(() -> zk.entry("journal")
                    .map(e -> sum(e.consumed()) == 50).orElse(false));

            List<String> fields = new ArrayList<>();
            RegistryJson.read(zk.json("journal")).fieldNames().forEachRemaining(fields::add);
            assertThat(fields).containsAll(List.of("appName", "appDesc", "deployPath", "hostIp", "pid", "version",
                    "startedAt", "updatedAt", "state", "threadCount", "queues", "cpu", "memory", "consumed", "failed",
                    "deadLettered", "backlog"));
            RegistryEntry entry = RegistryEntry.parse(zk.json("journal"));
            String hostIp = System.getenv("HOST_IP") == null ? "127.0.0.1" : System.getenv("HOST_IP");
            assertThat(zk.path("journal")).isEqualTo("/ctec-consumer/journal/" + hostIp + ":" + ProcessHandle.current().pid());
            assertThat(entry.appName()).isEqualTo("journal");
            assertThat(entry.appDesc()).isEqualTo("saves logins");
            assertThat(entry.deployPath()).isEqualTo(System.getProperty("user.dir"));
            assertThat(entry.hostIp()).isEqualTo(hostIp);
            assertThat(entry.pid()).isEqualTo(ProcessHandle.current().pid());
            assertThat(entry.version()).isEqualTo("1.0.0-SNAPSHOT");
            assertThat(entry.startedAt()).isPositive().isLessThanOrEqualTo(entry.updatedAt());
            assertThat(entry.state()).isEqualTo("RUNNING");
            assertThat(entry.threadCount()).isPositive();
            assertThat(entry.intervalMs()).isEqualTo(1000);
            assertThat(entry.queues()).singleElement().satisfies(q -> {
                assertThat(q.queue()).isEqualTo(queue);
                assertThat(q.vhost()).isEqualTo("/");
                assertThat(q.broker()).isEqualTo("127.0.0.1:5672");
                assertThat(q.prefetch()).isEqualTo(10);
                assertThat(q.threads()).isEqualTo(3);
                assertThat(q.mode()).isEqualTo("THREADS");
                assertThat(q.stats().succeeded()).isEqualTo(50);
            });
            assertThat(entry.cpu()).hasSameSizeAs(entry.consumed()).allSatisfy(p -> assertThat(p.value()).isBetween(0.0, 100.0));
            assertThat(entry.memory()).hasSameSizeAs(entry.consumed()).allSatisfy(p -> assertThat(p.value()).isBetween(0.01, 100.0));
            assertThat(entry.heapUsed()).allSatisfy(p -> assertThat(p.value()).isPositive());
            assertThat(entry.threadCounts()).allSatisfy(p -> assertThat(p.value()).isPositive());
        }
    }

    @Test
    void everySeriesHasOnePointPerMinuteStampedWithTheMinuteStartThoughTheEntryIsRewrittenEverySecond() throws Exception {
        String queue = broker.queue("series");
        try (Consumer ignored = Consumers.started(Consumers.builder(queue, "series-app").zookeeper(zk.connectString()))) {
            await().atMost(Duration.ofSeconds(20)).until(() -> zk.entry("series-app").map(e -> !e.cpu().isEmpty()).orElse(false));
            long firstVersion = zk.stat("series-app").getVersion();
            await().atMost(Duration.ofSeconds(20)).until(() -> zk.stat("series-app").getVersion() >= firstVersion + 3);

            RegistryEntry entry = zk.entry("series-app").orElseThrow();
            List<Long> minutes = entry.cpu().stream().map(RegistryEntry.Point::at).toList();
            assertThat(minutes).isNotEmpty().isSorted().doesNotHaveDuplicates()
                    .allSatisfy(at -> assertThat(at % 60_000).isZero())
                    .allSatisfy(at -> assertThat(at).isLessThanOrEqualTo(entry.updatedAt()));
            // At most two minutes passed: the minute the test began in and perhaps the next.
            assertThat(minutes).hasSizeLessThanOrEqualTo(2 + (int) (entry.updatedAt() - minutes.get(0)) / 60_000);
            for (List<RegistryEntry.Point> series : List.of(entry.memory(), entry.consumed(), entry.heapUsed(),
                    entry.threadCounts(), entry.failed(), entry.deadLettered())) {
                assertThat(series).extracting(RegistryEntry.Point::at).containsExactlyElementsOf(minutes);
            }
            // The backlog has no point for a minute in which the broker could not be asked (before the first connection).
            assertThat(entry.backlog()).isNotEmpty().extracting(RegistryEntry.Point::at).isSubsetOf(minutes);
        }
    }

    @Test
    void failuresDeadLettersBacklogAndTheLastFailureAreInTheEntryPerMinuteAndPerQueue() {
        String queue = broker.queue("failing");
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        Consumer consumer = Consumers.builder(queue, "failing-app").zookeeper(zk.connectString()).maxAttempts(2)
                .prefetch(1).threads(1).build();
        consumer.registerWorker(m -> switch (m.bodyAsString()) {
            case "poison" -> throw new IllegalStateException("bad row\n\u001b[31mred\u0007 " + "x".repeat(500));
            case "hold" -> {
                release.await();
                yield com.ctec.consumer.ConsumeResult.SUCCESS;
            }
            default -> com.ctec.consumer.ConsumeResult.SUCCESS;
        });
        consumer.start();
        try (consumer) {
            broker.publish(queue, "poison");
            broker.publish(queue, "ok");
            await().atMost(Duration.ofSeconds(20)).until(() -> consumer.stats().deadLettered() == 1 && consumer.stats().succeeded() == 1);
            broker.publish(queue, "hold");
            broker.publishNumbered(queue, 4); // Wait behind the held message: the backlog.

            await().atMost(Duration.ofSeconds(20)).until(() -> zk.entry("failing-app")
                    .map(e -> sum(e.failed()) == 2 && sum(e.deadLettered()) == 1 && last(e.backlog()) == 4).orElse(false));
            RegistryEntry entry = zk.entry("failing-app").orElseThrow();
            assertThat(sum(entry.consumed())).isEqualTo(3); // The poison message on each of its 2 attempts, and "ok".
            assertThat(entry.queues()).singleElement().satisfies(q -> {
                assertThat(q.backlog()).isEqualTo(4);
                assertThat(q.lastFailure()).isNotNull();
                assertThat(q.lastFailure().at()).isPositive().isLessThanOrEqualTo(entry.updatedAt());
                assertThat(q.lastFailure().error()).startsWith("java.lang.IllegalStateException: bad row")
                        .doesNotContain("\n", "\u001b", "\u0007").hasSizeLessThanOrEqualTo(RegistryEntry.Failure.MAX_ERROR_LENGTH)
                        .endsWith("...");
            });
            release.countDown();
            await().atMost(Duration.ofSeconds(20)).until(() -> zk.entry("failing-app").map(e -> last(e.backlog()) == 0).orElse(false));
        } finally {
            release.countDown();
        }
    }

    @Test
    void consumersOfOneProcessShareOneEntryWhichGoesAwayWithTheLastOfThem() {
        String first = broker.queue("shared-a");
        String second = broker.queue("shared-b");
        Consumer a = Consumers.started(Consumers.builder(first, "shared").zookeeper(zk.connectString()));
        Consumer b = Consumers.started(Consumers.builder(second, "shared").zookeeper(zk.connectString()));
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> zk.entry("shared").map(e -> e.queues().size() == 2).orElse(false));
            assertThat(zk.instances("shared")).hasSize(1);

            a.close();
            await().atMost(Duration.ofSeconds(10)).until(() -> zk.entry("shared").map(e -> e.queues().size() == 1).orElse(false));
            assertThat(zk.entry("shared").orElseThrow().queues()).extracting(RegistryEntry.Queue::queue).containsExactly(second);

            b.close();
            await().atMost(Duration.ofSeconds(10)).until(() -> zk.entry("shared").isEmpty());
        } finally {
            a.close();
            b.close();
        }
    }

    @Test
    void aConsumerWithoutAnAppNameRegistersUnderItsQueueName() {
        String queue = broker.queue("unnamed");
        try (Consumer ignored = Consumers.started(Consumers.builder(queue, null).zookeeper(zk.connectString()))) {
            await().atMost(Duration.ofSeconds(20)).until(() -> zk.entry(queue).isPresent());
            assertThat(zk.entry(queue).orElseThrow().appName()).isEqualTo(queue);
        }
    }

    @Test
    void withDigestCredentialsOnlyTheirOwnerMayChangeTheEntryAnyoneMayReadItAndThePasswordIsNeverLogged() throws Exception {
        String queue = broker.queue("acl");
        try (CapturedLog log = new CapturedLog();
             Consumer ignored = Consumers.started(Consumers.builder(queue, "guarded").zookeeper(zk.connectString())
                     .zookeeperDigest("agent:s3cret-pw"))) {
            await().atMost(Duration.ofSeconds(20)).until(() -> zk.entry("guarded").isPresent());
            String path = zk.path("guarded");

            List<ACL> acl = zk.client().getACL().forPath(path);
            assertThat(acl).anySatisfy(a -> {
                assertThat(a.getId().getScheme()).isEqualTo("digest");
                assertThat(a.getId().getId()).startsWith("agent:");
                assertThat(a.getPerms()).isEqualTo(ZooDefs.Perms.ALL);
            });
            assertThat(acl).anySatisfy(a -> {
                assertThat(a.getId()).isEqualTo(ZooDefs.Ids.ANYONE_ID_UNSAFE);
                assertThat(a.getPerms()).isEqualTo(ZooDefs.Perms.READ);
            });
            assertThatThrownBy(() -> zk.client().setData().forPath(path, "{}".getBytes(StandardCharsets.UTF_8)))
                    .isInstanceOf(KeeperException.NoAuthException.class);
            try (CuratorFramework other = CuratorFrameworkFactory.builder().connectString(zk.connectString())
                    .retryPolicy(new RetryOneTime(100)).authorization("digest", "other:pw".getBytes(StandardCharsets.UTF_8)).build()) {
                other.start();
                // Apps with other credentials can still register under the shared root.
                other.create().creatingParentsIfNeeded().forPath("/ctec-consumer/other-app/10.0.0.1:1");
                assertThat(other.getChildren().forPath("/ctec-consumer")).contains("guarded", "other-app");
            }
            assertThat(log.all()).doesNotContain("s3cret-pw");
        }
    }

    static double last(List<RegistryEntry.Point> series) {
        return series.isEmpty() ? -1 : series.get(series.size() - 1).value();
    }

    static long sum(List<RegistryEntry.Point> series) {
        return Math.round(series.stream().mapToDouble(RegistryEntry.Point::value).sum());
    }
}
