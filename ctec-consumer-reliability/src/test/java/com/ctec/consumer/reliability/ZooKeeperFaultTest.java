package com.ctec.consumer.reliability;

import com.ctec.consumer.agent.registry.RegistryEntry;
import com.ctec.consumer.agent.registry.RegistryReader;
import com.ctec.consumer.testing.Broker;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scenario 6: the monitoring agent's ZooKeeper (an in-process TestingServer) stops for 8 s, twice,
 * during a run with the agent on: consumption does not stall (every fault's "resume" is the time
 * to the next handled message after ZooKeeper went away, held to 2 s), nothing is lost, and the
 * registry entry is back within 30 s of each restart. On node n2; the broker is never touched.
 */
@Tag("slow")
class ZooKeeperFaultTest {
    static final int NODE = 2;
    static final String APP = "ctec-reliability-zk";

    @BeforeAll
    static void nodes() {
        Nodes.ensureUp();
    }

    @Test
    void zooKeeperStoppedMidRunDoesNotStallConsumptionAndTheEntryComesBack() throws Exception {
        try (TestingServer zk = new TestingServer(new InstanceSpec(null, -1, -1, -1, true, -1, 200, -1), true);
             CuratorFramework curator = CuratorFrameworkFactory.newClient(zk.getConnectString(), 10_000, 5_000, new RetryOneTime(200));
             Broker client = Nodes.client(NODE)) {
            curator.start();
            RegistryReader registry = new RegistryReader(curator, "/ctec-consumer");
            long pid = ProcessHandle.current().pid();
            List<Long> entryBackMillis = new ArrayList<>();
            Setup setup = Mode.THREADS.setup(Nodes.url(NODE), client.queue("zk"), Nodes.managementPort(NODE));
            Fault zooKeeperOutage = timeline -> {
                FaultRunWait.until(() -> hasEntry(registry, pid), Duration.ofSeconds(30), () -> "no registry entry before the outage");
                timeline.instant("ZooKeeper stopped");
                try {
                    zk.stop();
                    Fault.sleep(8_000);
                    zk.restart();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                long restarted = System.currentTimeMillis();
                FaultRunWait.until(() -> hasEntry(registry, pid), Duration.ofSeconds(30), () -> "the registry entry did not come back");
                entryBackMillis.add(System.currentTimeMillis() - restarted);
            };
            new FaultRun("6 ZooKeeper outage", "ZooKeeper stopped 8 s ×2 (agent on)", setup, 20_000, 2, zooKeeperOutage)
                    .resumeLimit(Duration.ofSeconds(2))
                    .run(client, checker -> new InJvmSubject(setup, checker, builder -> builder.agent(true).appName(APP)
                            .zookeeper(zk.getConnectString()).agentInterval(Duration.ofSeconds(1))));
            System.out.println("registry entry back after ZooKeeper restarts: " + entryBackMillis + " ms");
            assertThat(entryBackMillis).hasSize(2).allMatch(ms -> ms <= 30_000);
        }
    }

    private static boolean hasEntry(RegistryReader registry, long pid) {
        try {
            return registry.instances(APP).stream().mapToLong(RegistryEntry::pid).anyMatch(p -> p == pid);
        } catch (RuntimeException e) {
            return false;
        }
    }
}
