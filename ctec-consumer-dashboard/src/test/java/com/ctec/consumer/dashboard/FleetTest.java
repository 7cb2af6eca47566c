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
    void anAppIsAsBadAsItsWorstInstance() {
        assertThat(AppStatus.of(List.of(InstanceStatus.RUNNING, InstanceStatus.RUNNING))).isEqualTo(AppStatus.OK);
        assertThat(AppStatus.of(List.of(InstanceStatus.RUNNING, InstanceStatus.RECOVERING))).isEqualTo(AppStatus.DEGRADED);
        assertThat(AppStatus.of(List.of(InstanceStatus.STOPPING))).isEqualTo(AppStatus.DEGRADED);
        assertThat(AppStatus.of(List.of(InstanceStatus.RECOVERING, InstanceStatus.STALE))).isEqualTo(AppStatus.FAILING);
        assertThat(AppStatus.of(List.of(InstanceStatus.GONE, InstanceStatus.RUNNING))).isEqualTo(AppStatus.FAILING);
    }
}
