package com.ctec.consumer.reliability;

import com.ctec.consumer.testing.Broker;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Scenario 5: the three-node cluster, a quorum queue (replicated on all three), the consumer given
 * all three addresses. Three times during the run the node the consumer is connected to is
 * stopped entirely (and started again 5 s later, so that two of three stay up): the
 * consumer fails over to another node, nothing is lost. Resume times count from the stop.
 */
@Tag("slow")
class ClusterFailoverTest {
    static final int MESSAGES = Integer.getInteger("ctec.reliability.clusterMessages", 20_000);

    @BeforeAll
    static void nodes() {
        Nodes.ensureUp();
    }

    @Test
    void stoppingTheConnectedNodeFailsOverAndLosesNothing() {
        runWith(Mode.THREADS);
    }

    @Test
    void virtualThreadsFailOverToo() {
        runWith(Mode.VIRTUAL_THREADS);
    }

    /**
     * The consumer stays connected to n1 while the quorum queue's leader (on another node) is
     * stopped: the queue elects a new leader; the consumer must go on (or re-subscribe if the
     * broker cancels it), nothing lost.
     */
    @Test
    void stoppingTheQuorumLeaderElsewhereDoesNotStopTheConsumer() {
        try (Broker client = Nodes.client(2)) {
            String queue = client.quorumQueue("leader");
            Setup base = Mode.THREADS.setup(Nodes.url(1), queue, Nodes.managementPort(1));
            Setup setup = base.workMillis(base.workMillis() * 4);
            Fault stopLeader = timeline -> {
                int leader = leaderOf(queue);
                int node = leader == 1 ? 2 : leader;
                timeline.instant("stop n" + node + (leader == node ? " (the leader)" : ""));
                Nodes.stopNode(node);
                Fault.sleep(5_000);
                Nodes.startNode(node);
            };
            new FaultRun("5 cluster fail-over", "stop the quorum leader (consumer on n1) ×3", setup, MESSAGES, 3, stopLeader)
                    .run(client, checker -> new InJvmSubject(setup, checker));
        }
    }

    /**
     * A classic queue lives on one node (n3); the consumer is connected to n1. When n3 stops, the
     * broker cancels the consumer and the queue cannot be declared until n3 is back: the consumer
     * must keep retrying and resume within 10 s of n3 being back.
     */
    @Test
    void aClassicQueueWhoseNodeStopsIsConsumedAgainWhenTheNodeIsBack() {
        try (Broker client = Nodes.client(3)) {
            String queue = client.queue("classic-home");
            Setup setup = Mode.THREADS.setup(Nodes.url(1), queue, Nodes.managementPort(1));
            new FaultRun("5 cluster fail-over", "stop the classic queue's node n3 (consumer on n1) ×3", setup, MESSAGES, 3,
                    Fault.nodeRestart(3, 2_000)).run(client, checker -> new InJvmSubject(setup, checker));
        }
    }

    /**
     * While a classic queue's home node is down, the broker answers the passive declare with
     * "404 NOT_FOUND - home node 'n3@host' of durable queue ... is down or inaccessible". The
     * consumer's recovery line must say that, not "does not exist ... declare it first", which
     * sends the operator the wrong way. (While the node is going down the broker may first answer
     * "no queue" for a moment; the line that matters is the one logged while it is down.)
     */
    @Test
    void aQueueWhoseNodeIsDownIsNotReportedAsMissing() {
        try (Broker client = Nodes.client(3)) {
            String queue = client.queue("home-down-log");
            CapturingLogger log = new CapturingLogger("home-down");
            com.ctec.consumer.Consumer consumer = Setup.of(Nodes.url(1), queue, 0).builder().logger(log).build();
            consumer.registerWorker(message -> com.ctec.consumer.ConsumeResult.SUCCESS);
            consumer.start();
            try {
                Nodes.stopNode(3);
                FaultRunWait.until(() -> !log.matching("is on a node that is down").isEmpty(), java.time.Duration.ofSeconds(30), log::all);
            } finally {
                Nodes.startNode(3);
                consumer.close();
            }
            String line = log.matching("is on a node that is down").get(0);
            org.assertj.core.api.Assertions.assertThat(line).doesNotContain("does not exist").contains("n3@" + Nodes.HOST);
        }
    }

    /** The node number of the quorum queue's leader. */
    private static int leaderOf(String queue) {
        for (String line : Nodes.ctl(1, "list_queues", "name", "leader").split("\n")) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length == 2 && parts[0].equals(queue)) {
                return Integer.parseInt(parts[1].substring(1, parts[1].indexOf('@')));
            }
        }
        return 2;
    }

    private void runWith(Mode mode) {
        try (Broker client = Nodes.client(2)) {
            String queue = client.quorumQueue("cluster");
            // Paced to about 250 messages a second: a fault (stop, 5 s, start) lasts 15-20 s and must end mid-run.
            Setup base = mode.setup(Nodes.clusterUrl(), queue, 0);
            Setup setup = base.workMillis(base.workMillis() * 4);
            AtomicReference<InJvmSubject> subject = new AtomicReference<>();
            Fault stopConnectedNode = timeline -> {
                int node = connectedNode(subject.get());
                timeline.instant("stop n" + node + " (the consumer's)");
                Nodes.stopNode(node);
                Fault.sleep(5_000);
                Nodes.startNode(node);
            };
            new FaultRun("5 cluster fail-over", "stop the connected node ×3 (quorum queue)", setup, MESSAGES, 3, stopConnectedNode)
                    .run(client, checker -> {
                        subject.set(new InJvmSubject(setup, checker));
                        return subject.get();
                    });
        }
    }

    /** Which of our nodes the consumer is connected to now. */
    private static int connectedNode(InJvmSubject subject) {
        for (int i = 0; i < 100; i++) {
            var broker = subject.consumer().info().connectedBroker();
            if (broker.isPresent()) {
                return Integer.parseInt(broker.get().substring(broker.get().lastIndexOf(':') + 1)) - 5700;
            }
            Fault.sleep(100);
        }
        throw new IllegalStateException("the consumer is not connected to any node");
    }
}
