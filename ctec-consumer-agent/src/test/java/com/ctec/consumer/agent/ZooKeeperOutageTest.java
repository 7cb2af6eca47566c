package com.ctec.consumer.agent;

import com.ctec.consumer.Consumer;
import com.ctec.consumer.testing.Broker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ZooKeeperOutageTest {
    private static final int MESSAGES = 10_000;
    private Broker broker;
    private CapturedLog log;

    @BeforeEach
    void start() {
        broker = new Broker();
        log = new CapturedLog();
    }

    @AfterEach
    void stop() {
        log.close();
        broker.close();
    }

    @Test
    void zooKeeperStoppedAndRestartedMidRunLosesNoMessageAndTheEntryComesBack() throws Exception {
        String queue = broker.queue("outage");
        try (TestZooKeeper zk = new TestZooKeeper();
             Consumer consumer = Consumers.started(Consumers.builder(queue, "outage-app").zookeeper(zk.connectString()))) {
            await().atMost(Duration.ofSeconds(20)).until(() -> zk.entry("outage-app").isPresent());
            String unreachable = "ZooKeeper at " + zk.connectString() + " is unreachable";

            zk.stop();
            broker.publishNumbered(queue, 200);
            await().atMost(Duration.ofSeconds(20)).until(() -> consumer.stats().succeeded() == 200);
            await().atMost(Duration.ofSeconds(10)).until(() -> log.lines(unreachable).size() == 1);
            Thread.sleep(3_000); // Longer than the 2 s session: the agent's session expires during the outage.
            broker.publishNumbered(queue, 100);
            zk.restart();

            await().atMost(Duration.ofSeconds(30)).until(() -> consumer.stats().succeeded() == 300);
            // The entry comes back and stays: also once the server has expired the old session's node.
            await().atMost(Duration.ofSeconds(30)).until(() -> zk.entry("outage-app")
                    .map(e -> RegistryTest.sum(e.consumed()) == 300 && e.state().equals("RUNNING")).orElse(false));
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> zk.entry("outage-app").isPresent());
            assertThat(broker.messageCount(queue)).isZero();
            assertThat(log.lines(unreachable)).hasSize(1);
            assertThat(log.lines("ZooKeeper at " + zk.connectString() + " answers again")).hasSize(1);
        }
    }

    @Test
    void anUnreachableZooKeeperCostsOneWarningAndNoThroughput() throws Exception {
        String withAgent = broker.queue("no-zk");
        String without = broker.queue("no-agent");
        String warmUp = broker.queue("warm-up");
        String nowhere = "127.0.0.1:" + closedPort();
        broker.publishNumbered(withAgent, MESSAGES);
        broker.publishNumbered(without, MESSAGES);
        broker.publishNumbered(warmUp, MESSAGES);

        // Warm-up (JIT, and loading Curator's classes), so neither the order nor one-time costs decide.
        drain(Consumers.builder(warmUp, "warm-up").zookeeper(nowhere));
        long agentMs = drain(Consumers.builder(withAgent, "nowhere-app").zookeeper(nowhere));
        long baselineMs = drain(Consumers.builder(without, "baseline").agent(false));

        System.out.printf("%d messages: %d ms with the agent and ZooKeeper unreachable, %d ms without the agent%n",
                MESSAGES, agentMs, baselineMs);
        assertThat(broker.messageCount(withAgent)).isZero();
        // Its own address and its own capture: the consumers above warned about theirs in this JVM's log too.
        try (DeadEndZooKeeper deadEnd = new DeadEndZooKeeper(); CapturedLog ownLog = new CapturedLog();
             Consumer ignored = Consumers.started(Consumers.builder(withAgent, "one-warning-app").zookeeper(deadEnd.connectString()))) {
            String warning = "ZooKeeper at " + deadEnd.connectString() + " is unreachable";
            await().atMost(Duration.ofSeconds(30)).until(() -> ownLog.lines(warning).size() == 1);
            int attemptsAtWarning = deadEnd.attempts();
            await().atMost(Duration.ofSeconds(60)).until(() -> deadEnd.attempts() >= attemptsAtWarning + 3);
            assertThat(ownLog.lines(warning)).as("one warning after %d connection attempts", deadEnd.attempts()).hasSize(1);
        }
    }

    /** Consumes what the queue holds; returns the milliseconds it took. */
    private long drain(Consumer.Builder builder) {
        long started = System.nanoTime();
        try (Consumer consumer = Consumers.started(builder.prefetch(100))) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10)).until(() -> consumer.stats().succeeded() == MESSAGES);
            return Duration.ofNanos(System.nanoTime() - started).toMillis();
        }
    }

    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
