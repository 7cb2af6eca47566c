package com.ctec.consumer.reliability;

import com.ctec.consumer.testing.Broker;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.List;

/**
 * Scenario 1: the broker restarts three times during a run (stop_app/start_app, and a full stop
 * and start of the node's VM): zero lost, duplicates within the in-flight window per restart,
 * consumption resumes within 10 s of the broker being back. Node n1 alone (a classic queue).
 */
class BrokerRestartTest {
    static final int NODE = 1;
    static final int FAST_MESSAGES = 10_000;
    static final int MESSAGES = Integer.getInteger("ctec.reliability.messages", 50_000);
    static final long DOWN_MILLIS = 2_000;

    @TempDir
    Path dir;

    @BeforeAll
    static void nodes() {
        Nodes.ensureUp();
    }

    @Test
    @Tag("fast")
    void threadsSurviveThreeStopAppStartApp() {
        run(Mode.THREADS, FAST_MESSAGES, "stop_app/start_app ×3", Fault.stopApp(NODE, DOWN_MILLIS));
    }

    @Test
    @Tag("fast")
    void virtualThreadsSurviveThreeNodeRestarts() {
        run(Mode.VIRTUAL_THREADS, FAST_MESSAGES, "node stop/start ×3", Fault.nodeRestart(NODE, DOWN_MILLIS));
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    @Tag("slow")
    void everyModeSurvivesThreeStopAppStartApp(Mode mode) {
        run(mode, MESSAGES, "stop_app/start_app ×3", Fault.stopApp(NODE, DOWN_MILLIS));
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    @Tag("slow")
    void everyModeSurvivesThreeNodeRestarts(Mode mode) {
        run(mode, MESSAGES, "node stop/start ×3", Fault.nodeRestart(NODE, DOWN_MILLIS));
    }

    @Test
    @Tag("fast")
    void aStopWhileTheBrokerIsDownReturnsPromptlyAndLosesNothing() {
        try (Broker client = Nodes.client(NODE)) {
            String queue = client.queue("stop-while-down");
            Setup setup = Mode.THREADS.setup(Nodes.url(NODE), queue, Nodes.managementPort(NODE)).workMillis(20);
            client.publishAll(queue, 0, 2_000, Ids::body);
            Checker checker = new Checker(2_000);
            InJvmSubject subject = new InJvmSubject(setup, checker);
            subject.start();
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> checker.unique() >= 200);
            long stopMillis;
            try {
                Nodes.stopApp(NODE);
                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                        .until(() -> subject.consumer().state() == com.ctec.consumer.spi.ConsumerState.RECOVERING);
                // A reconnect attempt has failed: the consumer now waits out its backoff, where the stop must cut in.
                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                        .until(() -> !subject.logger().matching("Still recovering").isEmpty());
                long start = System.nanoTime();
                subject.close();
                stopMillis = (System.nanoTime() - start) / 1_000_000;
            } finally {
                Nodes.startApp(NODE);
            }
            org.assertj.core.api.Assertions.assertThat(subject.consumer().state()).isEqualTo(com.ctec.consumer.spi.ConsumerState.STOPPED);
            org.assertj.core.api.Assertions.assertThat(stopMillis).as("stop while recovering took %d ms", stopMillis).isLessThan(3_000);
            long queued = client.messageCount(queue);
            int lost = (int) Math.max(0, 2_000 - checker.unique() - queued);
            Checker.Figures handled = checker.figures(new Timeline());
            Results.record("1 broker restart", "stop() while the broker is down: returned in " + stopMillis + " ms, "
                    + checker.unique() + " handled, " + queued + " still queued", "THREADS", 1,
                    new Checker.Figures(2_000, lost, handled.duplicated(), handled.maxStallMillis(), List.of()), setup.window(), lost == 0);
            org.assertj.core.api.Assertions.assertThat(lost).as("neither handled nor still queued").isZero();
        }
    }

    /**
     * Not a pass/fail of the framework but the measure of a design limit: reconnect attempts come
     * 1, 3, 7, 15, 31, 61, ... s after the loss (backoff doubling to 30 s), so after an outage of
     * about 20 s the consumer resumes only at its 31 s attempt, more than 10 s after the broker is
     * back. Held to the documented bound (the 30 s cap plus 2 s); the figure goes to the report.
     */
    @Test
    @Tag("slow")
    void aLongOutageResumesOnlyAtTheNextBackoffStep() {
        try (Broker client = Nodes.client(NODE)) {
            Setup setup = Mode.THREADS.setup(Nodes.url(NODE), client.queue("long-outage"), Nodes.managementPort(NODE));
            new FaultRun("1 broker restart", "stop_app, 20 s down, start_app ×1", setup, 10_000, 1, Fault.stopApp(NODE, 20_000))
                    .resumeLimit(java.time.Duration.ofSeconds(32))
                    .run(client, Mode.THREADS.subjects(setup, dir));
        }
    }

    private void run(Mode mode, int messages, String fault, Fault action) {
        try (Broker client = Nodes.client(NODE)) {
            Setup setup = mode.setup(Nodes.url(NODE), client.queue("restart"), Nodes.managementPort(NODE));
            new FaultRun("1 broker restart", fault, setup, messages, 3, action).run(client, mode.subjects(setup, dir));
        }
    }
}
