package com.ctec.consumer.dashboard;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static com.ctec.consumer.dashboard.Entries.entry;
import static org.assertj.core.api.Assertions.assertThat;

class FleetTest {
    private static final long GONE_KEPT = 600_000;

    private final AtomicLong clock = new AtomicLong(1_000_000);
    private final Fleet fleet = new Fleet(clock::get, GONE_KEPT);

    @Test
    void aDeletedInstanceStaysMarkedGoneForTenMinutesThenIsForgotten() {
        fleet.put("orders", "10.9.9.9:1", entry("orders", 1, clock.get(), 60_000, "RUNNING"));
        clock.addAndGet(5_000);

        fleet.remove("orders", "10.9.9.9:1");

        Instance gone = fleet.app("orders").get(0);
        assertThat(gone.goneSince()).isEqualTo(clock.get());
        assertThat(InstanceStatus.of(gone, clock.get())).isEqualTo(InstanceStatus.GONE);
        clock.addAndGet(GONE_KEPT);
        fleet.refresh();
        assertThat(fleet.app("orders")).hasSize(1);
        clock.addAndGet(1);
        fleet.refresh();
        assertThat(fleet.app("orders")).isEmpty();
        assertThat(fleet.apps()).doesNotContainKey("orders");
    }

    @Test
    void anInstanceWrittenAgainAfterItWentIsLiveAgain() {
        fleet.put("orders", "10.9.9.9:1", entry("orders", 1, clock.get(), 60_000, "RUNNING"));
        fleet.remove("orders", "10.9.9.9:1");

        fleet.put("orders", "10.9.9.9:1", entry("orders", 1, clock.get(), 60_000, "RUNNING"));

        assertThat(fleet.app("orders").get(0).gone()).isFalse();
    }

    @Test
    void anInstanceNotRewrittenForThreeIntervalsTurnsStaleAndTheChangeIsReported() {
        fleet.put("orders", "10.9.9.9:1", entry("orders", 1, clock.get(), 60_000, "RUNNING"));
        fleet.refresh();
        long seen = fleet.changes().version();

        clock.addAndGet(180_000);
        fleet.refresh();
        assertThat(fleet.changes().version()).isEqualTo(seen);
        assertThat(InstanceStatus.of(fleet.app("orders").get(0), clock.get())).isEqualTo(InstanceStatus.RUNNING);

        clock.addAndGet(1);
        fleet.refresh();
        assertThat(InstanceStatus.of(fleet.app("orders").get(0), clock.get())).isEqualTo(InstanceStatus.STALE);
        assertThat(fleet.changes().appsSince(seen)).containsExactly("orders");
    }

    @Test
    void anEntryWithoutAnIntervalIsStaleAfterThreeMinutes() {
        fleet.put("old", "10.9.9.9:1", entry("old", 1, clock.get(), 0, "RUNNING"));

        assertThat(InstanceStatus.staleAfterMs(fleet.app("old").get(0))).isEqualTo(180_000);
    }

    @Test
    void changesNameOnlyTheAppsTheyTouched() {
        fleet.put("a", "10.9.9.9:1", entry("a", 1, clock.get(), 60_000, "RUNNING"));
        long seen = fleet.changes().version();

        fleet.put("b", "10.9.9.9:2", entry("b", 2, clock.get(), 60_000, "RUNNING"));
        fleet.remove("c", "10.9.9.9:3"); // never seen: nothing to report

        assertThat(fleet.changes().appsSince(seen)).containsExactly("b");
    }

    @Test
    void losingZooKeeperTouchesEveryAppAndTheOverview() {
        fleet.put("a", "10.9.9.9:1", entry("a", 1, clock.get(), 60_000, "RUNNING"));
        long seen = fleet.changes().version();

        fleet.connected(false);

        assertThat(fleet.connected()).isFalse();
        assertThat(fleet.changes().appsSince(seen)).containsExactly("", "a");
    }

    @Test
    void anAppIsAsBadAsItsWorstInstanceWithTroubleFirst() {
        long now = clock.get();
        Instance running = new Instance("a", "10.9.9.9:1", entry("a", 1, now, 60_000, "RUNNING"), 0);
        Instance recovering = new Instance("a", "10.9.9.9:2", entry("a", 2, now, 60_000, "RECOVERING"), 0);
        Instance stopping = new Instance("a", "10.9.9.9:3", entry("a", 3, now, 60_000, "STOPPING"), 0);
        Instance stale = new Instance("a", "10.9.9.9:4", entry("a", 4, now - 600_000, 60_000, "RUNNING"), 0);
        Instance gone = running.goneAt(now);
        long minute = now - now % 60_000;
        Instance deadLettering = new Instance("a", "10.9.9.9:5", new com.ctec.consumer.agent.registry.RegistryEntry("a", "",
                "/opt/a", "10.9.9.9", 5, "test", now - 60_000, now, "RUNNING", 12, 60_000, List.of(), List.of(), List.of(),
                List.of(), List.of(), List.of(), List.of(), List.of(new com.ctec.consumer.agent.registry.RegistryEntry.Point(minute, 1)),
                List.of()), 0);

        assertThat(AppStatus.of(List.of(running, running), now)).isEqualTo(AppStatus.OK);
        assertThat(AppStatus.of(List.of(running, recovering), now)).isEqualTo(AppStatus.RECOVERING);
        assertThat(AppStatus.of(List.of(stopping), now)).isEqualTo(AppStatus.STOPPING);
        assertThat(AppStatus.of(List.of(recovering, stale), now)).isEqualTo(AppStatus.STALE);
        assertThat(AppStatus.of(List.of(gone, running), now)).isEqualTo(AppStatus.GONE);
        assertThat(AppStatus.of(List.of(stale, deadLettering), now)).isEqualTo(AppStatus.FAILING);
        assertThat(AppStatus.FAILING.ordinal()).isLessThan(AppStatus.STALE.ordinal());
    }
}
