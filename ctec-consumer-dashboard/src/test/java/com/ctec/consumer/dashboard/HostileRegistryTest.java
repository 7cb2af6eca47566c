package com.ctec.consumer.dashboard;

import com.ctec.consumer.agent.registry.RegistryEntry;
import com.ctec.consumer.agent.registry.RegistryEntry.Point;
import org.apache.zookeeper.CreateMode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Whoever can write to ZooKeeper writes hostile nodes next to real ones: the dashboard answers,
 * shows each bad node as invalid with its reason, and shows the good instances as before.
 */
class HostileRegistryTest {
    private static final Duration GENEROUS = Duration.ofSeconds(30);

    private static TestFleet fleet;
    private static Api api;
    private static long now;

    @BeforeAll
    static void writeHostileNodesAndStart() throws Exception {
        fleet = new TestFleet();
        now = System.currentTimeMillis();
        long minute = now / 60_000 * 60_000;
        fleet.write(Entries.entry("calm", 1, now, 60_000, "RUNNING", Entries.series(minute - 5 * 60_000, 60_000, 5, at -> 120)));
        // The entry of issue 14: one point a minute before the end of time made MessageRates loop until out of memory.
        RegistryEntry endOfTime = Entries.entry("calm", 2, now, 60_000, "RUNNING", List.of(new Point(Long.MAX_VALUE - 60_000, 7)));
        fleet.write(endOfTime);
        fleet.write(Entries.entry("calm", 3, now, Long.MAX_VALUE / 2, "RUNNING", List.of(new Point(minute, 7))));
        raw("/hostile/10.9.9.9:4", "[".repeat(200_000));
        raw("/hostile/10.9.9.9:5", "");
        raw("/hostile/10.9.9.9:6", "{\"appName\":\"x\\");
        api = new Api(fleet.dashboard());
    }

    @AfterAll
    static void stop() throws Exception {
        fleet.close();
    }

    @Test
    void aPointAtTheEndOfTimeOrAHugeIntervalMakesOnlyItsOwnInstanceInvalid() throws Exception {
        // Generous: it only fails when a request never comes back (the loop of issue 14).
        await().atMost(GENEROUS).ignoreExceptions().until(() -> instances("calm").size() == 3);
        List<Map<String, Object>> instances = instances("calm");

        Map<String, Object> good = instances.get(0);
        assertThat(good).containsEntry("id", "10.9.9.9:1").containsEntry("status", "running").containsEntry("problem", null);
        assertThat(Api.list(good, "messagesPerMinute")).hasSize(5);
        assertThat(instances.get(1)).containsEntry("status", "invalid");
        assertThat((String) instances.get(1).get("problem")).contains("a point of its consumed series at " + (Long.MAX_VALUE - 60_000));
        assertThat(instances.get(2)).containsEntry("status", "invalid");
        assertThat((String) instances.get(2).get("problem")).contains("has intervalMs " + Long.MAX_VALUE / 2);
        assertThat(Api.list(instances.get(1), "messagesPerMinute")).isEmpty();
        // The app's total is the good instance's alone: nothing of the invalid ones is believed.
        assertThat(Api.list(api.app("calm"), "messagesPerMinuteTotal")).hasSize(5);
    }

    @Test
    void deepEmptyAndTruncatedNodesAreListedAsInvalidAndTheOverviewStillAnswers() throws Exception {
        await().atMost(GENEROUS).ignoreExceptions().until(() -> instances("hostile").size() == 3);

        assertThat(instances("hostile")).extracting(i -> i.get("status")).containsOnly("invalid");
        assertThat(instances("hostile")).extracting(i -> (String) i.get("problem")).containsExactly(
                "is not a registry entry (bad JSON at 128: nested deeper than 128 levels)", "holds no data",
                "is not a registry entry (bad JSON at 14: Unexpected end-of-input in character escape sequence)");
        Map<String, Object> line = api.appLine("hostile");
        assertThat(line).containsEntry("status", "invalid").containsEntry("invalid", 3L);
    }

    private static List<Map<String, Object>> instances(String app) throws Exception {
        return Api.list(api.app(app), "instances");
    }

    private static void raw(String path, String data) throws Exception {
        fleet.client().create().creatingParentContainersIfNeeded().withMode(CreateMode.EPHEMERAL)
                .forPath(TestFleet.ROOT + path, data.getBytes(StandardCharsets.UTF_8));
    }
}
