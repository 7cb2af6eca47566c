package com.ctec.consumer.reliability;

import com.ctec.consumer.testing.Broker;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;

import java.time.Duration;

/**
 * Scenario 2: the link between the consumer and the broker breaks while the broker stays up. A
 * {@link FaultyProxy} on loopback drops the link (both sides closed), stalls it (no FIN: only
 * heartbeats tell, so the heartbeat is 2 s here), or slows it (300 ms each way); and the operator
 * runs {@code rabbitmqctl close_all_connections}. Three faults per run; same figures as scenario 1.
 * The resume time counts from the fault itself (the broker never went away), so for a stall it
 * includes the heartbeat detection.
 */
@Tag("slow")
class LinkFaultTest {
    static final int NODE = 1;
    static final int MESSAGES = Integer.getInteger("ctec.reliability.linkMessages", 20_000);

    @TempDir
    Path dir;

    @BeforeAll
    static void nodes() {
        Nodes.ensureUp();
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void droppedLinksAreReconnectedAtOnce(Mode mode) {
        try (FaultyProxy proxy = new FaultyProxy(Nodes.amqpPort(NODE))) {
            run("proxy drop (both sides closed) ×3", proxy, mode, 3, timeline -> {
                timeline.instant("drop");
                proxy.drop();
            });
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void stalledLinksAreDetectedByHeartbeatsAndReconnected(Mode mode) {
        try (FaultyProxy proxy = new FaultyProxy(Nodes.amqpPort(NODE))) {
            run("proxy stall (no FIN), heartbeat 2 s ×3", proxy, mode, 3, timeline -> {
                timeline.instant("stall");
                proxy.stall();
                // The consumer must notice by itself (2 heartbeats); the stalled sockets are cleaned up only later.
                Fault.sleep(8_000);
                proxy.heal();
            });
        }
    }

    @Test
    void aSlowLinkSlowsConsumptionButLosesNothing() {
        try (FaultyProxy proxy = new FaultyProxy(Nodes.amqpPort(NODE))) {
            run("proxy latency 300 ms each way for 10 s ×3", proxy, timeline -> {
                proxy.latency(Duration.ofMillis(300));
                Fault.sleep(10_000);
                proxy.latency(Duration.ZERO);
            });
        }
    }

    /**
     * The reconnect backoff against "resumes within 10 s of the broker being back": with the
     * former cap of 30 s, attempts came 0, 1, 3, 7, 15, 31, 61 s after the loss, so a broker back
     * 17 s after the loss was noticed at 31 s, 14 s late (measured: 14,120 ms). The proxy makes the
     * outage exactly 17 s. Passes since the cap is 5 s (bf92c4b): docs/reliability.md, "Findings".
     */
    @Test
    void aBrokerBackAfter17sIsNoticedWithin10s() {
        try (FaultyProxy proxy = new FaultyProxy(Nodes.amqpPort(NODE))) {
            run("broker unreachable 17 s (proxy refuses) ×1", proxy, 1, timeline -> {
                timeline.down("unreachable 17 s");
                proxy.refuse(true);
                Fault.sleep(17_000);
                proxy.refuse(false);
                timeline.up();
            });
        }
    }

    @Test
    void closeAllConnectionsIsRecoveredAtOnce() {
        try (Broker client = Nodes.client(NODE)) {
            Setup setup = Mode.THREADS.setup(Nodes.url(NODE), client.queue("closeall"), Nodes.managementPort(NODE))
                    .heartbeat(Duration.ofSeconds(2));
            new FaultRun("2 cut connections", "rabbitmqctl close_all_connections ×3", setup, MESSAGES, 3,
                    Fault.closeAllConnections(NODE)).run(client, checker -> new InJvmSubject(setup, checker));
        }
    }

    private void run(String fault, FaultyProxy proxy, Fault action) {
        run(fault, proxy, Mode.THREADS, 3, action);
    }

    private void run(String fault, FaultyProxy proxy, int faults, Fault action) {
        run(fault, proxy, Mode.THREADS, faults, action);
    }

    private void run(String fault, FaultyProxy proxy, Mode mode, int faults, Fault action) {
        try (Broker client = Nodes.client(NODE)) {
            Setup setup = mode.setup(proxy.url(), client.queue("link"), Nodes.managementPort(NODE))
                    .heartbeat(Duration.ofSeconds(2));
            new FaultRun("2 cut connections", fault, setup, MESSAGES, faults, action).run(client, mode.subjects(setup, dir));
        }
    }
}
