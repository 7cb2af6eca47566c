package com.ctec.consumer.agent;

import com.ctec.consumer.Consumer;
import com.ctec.consumer.agent.registry.HistorySeries;
import com.ctec.consumer.agent.registry.RegistryEntry;
import com.ctec.consumer.agent.registry.RegistryPaths;
import com.ctec.consumer.agent.registry.RegistryReader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The day of history: each closed hour written once to its PERSISTENT node, hours older than a day
 * deleted by their process, the day joined by {@link RegistryReader}. The agent's clock is moved
 * forward by hours instead of waiting for them.
 */
class HistoryTest extends RegistryFixture {
    private static final long HOUR = RegistryPaths.HOUR_MS;

    /**
     * The agent's clock starts at half past an hour, so only the test's own moves cross an hour:
     * with the wall clock's hour, an hour ending during the test moved "the first hour" under it.
     */
    @BeforeEach
    void startAtHalfPastAnHour() {
        long now = System.currentTimeMillis();
        offset.set(RegistryPaths.hourOf(now) + HOUR / 2 - now);
    }

    @Test
    void aClosedHourIsWrittenOnceToItsHistoryNodeAndTheReaderJoinsItWithTheEntry() throws Exception {
        String queue = broker.queue("history");
        try (Consumer consumer = Consumers.started(Consumers.builder(queue, "hist-app").zookeeper(zk.connectString()))) {
            broker.publishNumbered(queue, 25);
            await().atMost(Duration.ofSeconds(20)).until(() -> zk.entry("hist-app")
                    .map(e -> RegistryTest.sum(e.consumed()) == 25).orElse(false));
            long firstHour = RegistryPaths.hourOf(clock.getAsLong());
            String instance = zk.entry("hist-app").orElseThrow().instanceId();
            String hours = "/ctec-consumer-history/hist-app/" + instance;

            offset.addAndGet(HOUR);
            await().atMost(Duration.ofSeconds(20)).until(() -> zk.client().checkExists().forPath(hours + "/" + firstHour) != null);

            HistorySeries written = HistorySeries.parse(new String(zk.client().getData().forPath(hours + "/" + firstHour),
                    StandardCharsets.UTF_8));
            assertThat(RegistryTest.sum(written.consumed())).isEqualTo(25);
            assertThat(written.cpu()).isNotEmpty().allSatisfy(p -> assertThat(p.at()).isBetween(firstHour, firstHour + HOUR - 1));
            int version = zk.client().checkExists().forPath(hours + "/" + firstHour).getVersion();

            // The entry now holds the new hour only; the reader joins the closed one back in.
            broker.publishNumbered(queue, 5);
            await().atMost(Duration.ofSeconds(20)).until(() -> zk.entry("hist-app")
                    .map(e -> RegistryTest.sum(e.consumed()) == 5).orElse(false));
            RegistryEntry entry = zk.entry("hist-app").orElseThrow();
            assertThat(entry.consumed()).allSatisfy(p -> assertThat(p.at()).isGreaterThanOrEqualTo(firstHour + HOUR));
            RegistryEntry day = new RegistryReader(zk.client(), TestZooKeeper.ROOT, clock).withHistory("hist-app", entry);
            assertThat(RegistryTest.sum(day.consumed())).isEqualTo(30);
            assertThat(day.cpu()).extracting(RegistryEntry.Point::at).isSorted().doesNotHaveDuplicates()
                    .contains(written.cpu().get(0).at());
            assertThat(consumer.stats().succeeded()).isEqualTo(30);
            assertThat(zk.client().checkExists().forPath(hours + "/" + firstHour).getVersion())
                    .as("an hour is written once").isEqualTo(version);
        }
    }

    @Test
    void aProcessDeletesItsHoursOlderThanADay() throws Exception {
        String queue = broker.queue("history-prune");
        try (Consumer ignored = Consumers.started(Consumers.builder(queue, "prune-app").zookeeper(zk.connectString()))) {
            await().atMost(Duration.ofSeconds(20)).until(() -> zk.entry("prune-app").isPresent());
            long firstHour = RegistryPaths.hourOf(clock.getAsLong());
            String hours = "/ctec-consumer-history/prune-app/" + zk.entry("prune-app").orElseThrow().instanceId();
            offset.addAndGet(HOUR);
            await().atMost(Duration.ofSeconds(20)).until(() -> zk.client().checkExists().forPath(hours + "/" + firstHour) != null);

            offset.addAndGet(24 * HOUR); // Now 25 hours on: the first hour ended more than a day ago, the second did not.

            long secondHour = firstHour + HOUR;
            await().atMost(Duration.ofSeconds(20)).until(() -> zk.client().checkExists().forPath(hours + "/" + firstHour) == null);
            assertThat(zk.client().getChildren().forPath(hours)).containsExactly(Long.toString(secondHour));
        }
    }

    @Test
    void readersDeleteTheOldHoursOfInstancesThatHaveNoEntryAndLeaveTheLiveOnesAlone() throws Exception {
        long now = clock.getAsLong();
        long old = RegistryPaths.hourOf(now) - 26 * HOUR;
        long recent = RegistryPaths.hourOf(now) - 2 * HOUR;
        String history = "/ctec-consumer-history/gone-app/";
        for (String instance : List.of("10.0.0.1:1", "10.0.0.2:2")) {
            for (long hour : List.of(old, recent)) {
                zk.client().create().creatingParentContainersIfNeeded().forPath(history + instance + "/" + hour,
                        HistorySeries.EMPTY.toJson().getBytes(StandardCharsets.UTF_8));
            }
        }
        zk.client().create().creatingParentsIfNeeded().forPath("/ctec-consumer/gone-app/10.0.0.2:2",
                "{\"appName\":\"gone-app\",\"hostIp\":\"10.0.0.2\",\"pid\":2}".getBytes(StandardCharsets.UTF_8));

        int deleted = new RegistryReader(zk.client(), TestZooKeeper.ROOT, clock).removeHistoryOfGoneInstances();

        assertThat(deleted).isEqualTo(1);
        assertThat(zk.client().getChildren().forPath(history + "10.0.0.1:1")).containsExactly(Long.toString(recent));
        assertThat(zk.client().getChildren().forPath(history + "10.0.0.2:2"))
                .as("a live process prunes its own").containsExactlyInAnyOrder(Long.toString(old), Long.toString(recent));
    }
}
