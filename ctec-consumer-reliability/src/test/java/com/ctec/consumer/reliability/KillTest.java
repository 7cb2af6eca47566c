package com.ctec.consumer.reliability;

import com.ctec.consumer.testing.Broker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scenario 3: the consumer's process is killed mid-run. SIGTERM: it drains, nothing is lost,
 * nothing is handled (so acked) twice, exit 0. SIGKILL, then a restart: nothing is lost,
 * duplicates within the prefetch window. A real program ({@link ReliabilityApp}) on node n2.
 */
@Tag("fast")
class KillTest {
    static final int NODE = 2;
    static final int MESSAGES = 5_000;

    @TempDir
    Path dir;
    private final Broker client = Nodes.client(NODE);
    private ProcessSubject subject;

    @BeforeAll
    static void nodes() {
        Nodes.ensureUp();
    }

    @AfterEach
    void cleanUp() {
        if (subject != null) {
            subject.close();
        }
        client.close();
    }

    @Test
    void sigtermMidRunDrainsExitsZeroLosesNothingAndHandlesNothingTwice() {
        sigtermMidRun("sigterm", "THREADS process", setup -> setup);
    }

    @Test
    void sigtermToAProcessesSupervisorDrainsEveryChildAndExitsZero() {
        sigtermMidRun("sigterm-supervisor", "PROCESSES x2 (supervisor)", setup -> setup.processes(2).workMillis(10));
    }

    /**
     * SIGTERM while the broker is down (the children are reconnecting): the supervisor and its
     * children exit 0 promptly, and once the broker is back nothing is lost.
     */
    @Test
    void sigtermWhileTheBrokerIsDownStopsPromptlyAndLosesNothing() {
        String queue = client.queue("sigterm-broker-down");
        Setup setup = Setup.of(Nodes.url(NODE), queue, Nodes.managementPort(NODE)).processes(2).workMillis(10);
        Checker checker = new Checker(MESSAGES);
        client.publishAll(queue, 0, MESSAGES, Ids::body);
        subject = new ProcessSubject(setup, checker, dir);
        subject.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> checker.unique() >= MESSAGES / 3);
        int exit;
        long stopMillis;
        try {
            Nodes.stopApp(NODE);
            // Both children have failed a reconnect attempt and wait out their backoff when the signal comes.
            await().atMost(Duration.ofSeconds(30)).until(() -> subject.log().split("Still recovering", -1).length > 2);
            long start = System.nanoTime();
            subject.signal("TERM");
            exit = subject.awaitExit(60);
            stopMillis = (System.nanoTime() - start) / 1_000_000;
        } finally {
            Nodes.startApp(NODE);
        }
        assertThat(exit).as("exit code; output:%n%s", InJvmSubject.tail(subject.log(), 40)).isZero();
        assertThat(stopMillis).as("stop while reconnecting took %d ms", stopMillis).isLessThan(10_000);

        subject.start();
        await().atMost(Duration.ofSeconds(120)).until(checker::allHandled);
        subject.close();
        Checker.Figures figures = checker.figures(new Timeline());
        Results.record("3 kills", "SIGTERM while the broker is down (exit " + exit + " in " + stopMillis + " ms), then restart",
                "PROCESSES x2 (supervisor)", 1, figures, setup.window(), figures.lost() == 0);
        assertThat(figures.lost()).isZero();
        assertThat(figures.duplicated()).isLessThanOrEqualTo(setup.window());
        assertThat(client.messageCount(queue)).isZero();
    }

    private void sigtermMidRun(String name, String what, java.util.function.UnaryOperator<Setup> options) {
        String queue = client.queue(name);
        Setup setup = options.apply(Setup.of(Nodes.url(NODE), queue, Nodes.managementPort(NODE)).workMillis(5));
        Checker checker = new Checker(MESSAGES);
        client.publishAll(queue, 0, MESSAGES, Ids::body);
        subject = new ProcessSubject(setup, checker, dir);
        subject.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> checker.unique() >= MESSAGES / 3);

        subject.signal("TERM");
        int exit = subject.awaitExit(90);

        String output = subject.log();
        assertThat(exit).as("exit code; output:%n%s", InJvmSubject.tail(output, 40)).isZero();
        assertThat(output).contains("run returned").doesNotContain("PRECONDITION_FAILED").doesNotContain("unknown delivery tag");
        int handledBeforeStop = checker.unique();
        assertThat(checker.total()).as("handled twice before the stop").isEqualTo(handledBeforeStop);
        assertThat(handledBeforeStop + client.messageCount(queue)).as("handled + left in the queue").isEqualTo(MESSAGES);

        subject.start();
        await().atMost(Duration.ofSeconds(90)).until(checker::allHandled);
        subject.close();
        Checker.Figures figures = checker.figures(new Timeline());
        Results.record("3 kills", "SIGTERM at " + handledBeforeStop + " handled (exit " + exit + "), then restart", what, 1,
                figures, 0, figures.lost() == 0 && figures.duplicated() == 0);
        assertThat(figures.lost()).isZero();
        assertThat(figures.duplicated()).as("a graceful stop settles all it handled: no redelivery").isZero();
        assertThat(client.messageCount(queue)).isZero();
    }

    @Test
    void sigkillMidRunThenARestartLosesNothing() {
        String queue = client.queue("sigkill");
        Setup setup = Setup.of(Nodes.url(NODE), queue, Nodes.managementPort(NODE)).workMillis(5);
        Checker checker = new Checker(MESSAGES);
        client.publishAll(queue, 0, MESSAGES, Ids::body);
        subject = new ProcessSubject(setup, checker, dir);
        subject.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> checker.unique() >= MESSAGES / 3);

        subject.signal("KILL");
        int exit = subject.awaitExit(30);
        int handledAtKill = checker.unique();
        assertThat(exit).isEqualTo(137);

        subject.start();
        await().atMost(Duration.ofSeconds(90)).until(checker::allHandled);
        subject.close();
        Checker.Figures figures = checker.figures(new Timeline());
        boolean passed = figures.lost() == 0 && figures.duplicated() <= setup.window();
        Results.record("3 kills", "SIGKILL at " + handledAtKill + " handled, then restart", "THREADS process", 1, figures, setup.window(), passed);
        assertThat(figures.lost()).as("missing %s", checker.missing(20)).isZero();
        assertThat(figures.duplicated()).isLessThanOrEqualTo(setup.window());
        assertThat(client.messageCount(queue)).isZero();
        assertThat(List.of(exit)).containsExactly(137);
    }
}
