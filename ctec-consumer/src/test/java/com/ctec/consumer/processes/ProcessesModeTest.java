package com.ctec.consumer.processes;

import com.ctec.consumer.ConcurrencyMode;
import com.ctec.consumer.ConsumeResult;
import com.ctec.consumer.Consumer;
import com.ctec.consumer.ConsumerException;
import com.ctec.consumer.internal.AmqpUrl;
import com.ctec.consumer.processes.SupervisedApp.Handled;
import com.ctec.consumer.testing.Broker;
import com.rabbitmq.client.GetResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** PROCESSES mode end to end: a real supervisor JVM, real child JVMs, the real broker. */
class ProcessesModeTest {
    /** The children's shutdown timeout, the supervisor's margin, and room for a slow machine. */
    private static final long STOP_SECONDS = ProcessesApp.SHUTDOWN_TIMEOUT.toSeconds() + 10 + 15;

    private final Broker broker = new Broker();
    @TempDir
    Path dir;
    private SupervisedApp app;

    @AfterEach
    void cleanUp() {
        if (app != null) {
            app.close();
        }
        broker.close();
    }

    @Test
    void threeChildrenShareAQueueAndHandleEveryMessageExactlyOnce() throws Exception {
        String queue = broker.queue("processes");
        app = startAndAwaitConsumers(queue, 3, 2, false);
        broker.publishNumbered(queue, 3_000);

        await().atMost(Duration.ofSeconds(60)).until(() -> app.handledIds().size() == 3_000);
        app.terminate();

        assertThat(app.awaitExit(STOP_SECONDS)).isZero();
        List<Handled> handled = app.handled();
        assertThat(handled).hasSize(3_000);
        assertThat(app.handledIds()).isEqualTo(ids(3_000));
        assertThat(handled.stream().map(Handled::child).collect(Collectors.toSet())).containsExactlyInAnyOrder(1, 2, 3);
        assertThat(app.count("stopped with exit code 0")).isEqualTo(3);
        assertThat(app.output()).contains("[child 1]", "[child 2]", "[child 3]");
        assertThat(broker.messageCount(queue)).isZero();
    }

    @Test
    void theChildrensCommandLinesShowNoPasswordAndTheirArgumentFilesAreGoneOnceTheyRun() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self")), "reads /proc/<pid>/cmdline");
        String queue = broker.queue("processes.cmdline");
        app = startAndAwaitConsumers(queue, 2, 0, false);
        String password = ":" + AmqpUrl.parse(Broker.URL).password() + "@";
        assertThat(String.join(" ", commandLine(app.pid()))).as("the test launched the supervisor with the URL").contains(password);

        Set<Long> children = app.childPids();
        assertThat(children).hasSize(2);
        for (long child : children) {
            List<String> line = commandLine(child);
            assertThat(String.join(" ", line)).doesNotContain(password).doesNotContain(queue);
            assertThat(line).hasSize(2);
            // Created 0600 (ChildArgumentFileTest), and deleted by the child once it consumes.
            assertThat(Path.of(line.get(1).substring(1))).doesNotExist();
        }
        broker.publishNumbered(queue, 100);
        await().atMost(Duration.ofSeconds(30)).until(() -> app.handledIds().size() == 100);
        app.terminate();
        assertThat(app.awaitExit(STOP_SECONDS)).isZero();
    }

    private static List<String> commandLine(long pid) throws IOException {
        return List.of(Files.readString(Path.of("/proc", Long.toString(pid), "cmdline")).split("\0"));
    }

    @Test
    void aChildKilledWithSigkillComesBackAndNothingIsLost() throws Exception {
        String queue = broker.queue("processes.kill9");
        app = startAndAwaitConsumers(queue, 2, 20, false);
        Set<Long> before = app.childPids();
        broker.publishNumbered(queue, 3_000);
        await().atMost(Duration.ofSeconds(30)).until(() -> app.handled().size() >= 300);

        ProcessHandle.of(before.iterator().next()).orElseThrow().destroyForcibly();

        await().atMost(Duration.ofSeconds(90)).until(() -> {
            Set<Long> now = app.childPids();
            return now.size() == 2 && !before.containsAll(now);
        });
        await().atMost(Duration.ofSeconds(60)).until(() -> app.handledIds().size() == 3_000);
        assertThat(app.output()).contains("exited unexpectedly with exit code 137 (SIGKILL)", "Restarted child");
        int duplicates = app.handled().size() - 3_000;
        assertThat(duplicates).as("only the killed child's messages in flight come twice").isLessThanOrEqualTo(ProcessesApp.PREFETCH);
        app.terminate();
        assertThat(app.awaitExit(STOP_SECONDS)).isZero();
    }

    @Test
    void sigtermToTheSupervisorStopsEveryChildGracefullyAndItExitsZero() throws Exception {
        String queue = broker.queue("processes.sigterm");
        app = startAndAwaitConsumers(queue, 3, 20, false);
        Set<Long> children = app.childPids();
        broker.publishNumbered(queue, 3_000);
        await().atMost(Duration.ofSeconds(30)).until(() -> app.handled().size() >= 500);

        app.terminate();

        assertThat(app.awaitExit(STOP_SECONDS)).isZero();
        assertThat(children).noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        assertThat(app.output()).contains("SIGTERM received: stopping 3 children");
        assertThat(app.count("stopped with exit code 0")).isEqualTo(3);
        assertThat(app.count("Stopped consuming from queue '" + queue + "'")).as("the children's last lines reach the output").isEqualTo(3);
        assertNothingLostAndLittleTwice(queue, 3_000, ProcessesApp.PREFETCH * 3);
    }

    @Test
    void sigtermToTheWholeProcessGroupAlsoStopsEverythingGracefully() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setsid")), "setsid makes the supervisor a group leader");
        String queue = broker.queue("processes.group");
        app = startAndAwaitConsumers(queue, 2, 20, true);
        broker.publishNumbered(queue, 2_000);
        await().atMost(Duration.ofSeconds(30)).until(() -> app.handled().size() >= 300);

        app.terminateGroup();

        assertThat(app.awaitExit(STOP_SECONDS)).isZero();
        assertThat(app.output()).contains("SIGTERM received: stopping 2 children").doesNotContain("killing it");
        assertNothingLostAndLittleTwice(queue, 2_000, ProcessesApp.PREFETCH * 2);
    }

    @Test
    void aChildThatExitsAtEveryStartIsThrottledNotRestartedInATightLoop() throws Exception {
        String queue = broker.queue("processes.crashloop");
        app = SupervisedApp.start(dir, queue, 1, "exit-at-start", 0, false);

        // The third quick exit announces 4 s: by then the child was restarted twice, after 1 s and 2 s (not counted in a fixed time).
        String third = "slowing down, next start in 4 s";
        await().atMost(Duration.ofSeconds(90)).until(() -> app.output().contains(third));
        String untilThird = app.output().substring(0, app.output().indexOf(third));

        assertThat(untilThird.lines().filter(l -> l.contains("Restarted child 1"))).hasSize(2);
        assertThat(untilThird).contains("exited unexpectedly with exit code 3", "starting it again in 1 s", "slowing down, next start in 2 s");
        app.terminate();
        assertThat(app.awaitExit(STOP_SECONDS)).isZero();
        assertThat(app.output()).contains("All 1 children of queue '" + queue + "' have stopped");
    }

    @Test
    void childrenOfASupervisorKilledWithSigkillStopByThemselves() throws Exception {
        String queue = broker.queue("processes.orphans");
        app = startAndAwaitConsumers(queue, 2, 0, false);
        Set<Long> children = app.childPids();

        ProcessHandle.of(app.pid()).orElseThrow().destroyForcibly();

        await().atMost(Duration.ofSeconds(20)).until(() ->
                children.stream().noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)));
        assertThat(consumers(queue)).isZero();
    }

    @Test
    void aMissingQueueFailsInTheLaunchingJvmBeforeAnyChildStarts() {
        Consumer consumer = Consumer.builder(Broker.URL, broker.uniqueName("processes.missing"))
                .mode(ConcurrencyMode.PROCESSES).processes(2).agent(false).build();
        consumer.registerWorker(m -> ConsumeResult.SUCCESS);

        Set<Long> childrenBefore = childrenOfThisJvm();

        assertThatThrownBy(consumer::run).isInstanceOf(ConsumerException.class).hasMessageContaining("does not exist");
        assertThat(childrenOfThisJvm()).as("children started by run()").isSubsetOf(childrenBefore);
    }

    @Test
    void aMissingWorkerFailsInTheLaunchingJvmBeforeAnyChildStarts() {
        Consumer consumer = Consumer.builder(Broker.URL, broker.queue("processes.noworker"))
                .mode(ConcurrencyMode.PROCESSES).processes(2).agent(false).build();

        Set<Long> childrenBefore = childrenOfThisJvm();

        assertThatThrownBy(consumer::run).isInstanceOf(ConsumerException.class).hasMessageContaining("no worker registered");
        assertThat(childrenOfThisJvm()).as("children started by run()").isSubsetOf(childrenBefore);
    }

    private SupervisedApp startAndAwaitConsumers(String queue, int processes, long millis, boolean ownGroup) {
        SupervisedApp started = SupervisedApp.start(dir, queue, processes, "normal", millis, ownGroup);
        app = started;
        await().atMost(Duration.ofSeconds(90)).until(() -> consumers(queue) == processes);
        return started;
    }

    /** Handled plus left in the queue is every message; a message is in both, or handled twice, only if it was in flight. */
    private void assertNothingLostAndLittleTwice(String queue, int total, int inFlightAtMost) {
        List<Handled> handled = app.handled();
        Set<Integer> handledIds = app.handledIds();
        List<Integer> left = broker.drain(queue).stream().map(ProcessesModeTest::id).toList();
        Set<Integer> all = new HashSet<>(handledIds);
        all.addAll(left);
        long inBoth = left.stream().filter(handledIds::contains).count();
        assertThat(all).isEqualTo(ids(total));
        assertThat(handled.size() - handledIds.size() + inBoth).isLessThanOrEqualTo(inFlightAtMost);
    }

    /** Compared before and after, not assumed empty: another test's process may still be on its way out. */
    private static Set<Long> childrenOfThisJvm() {
        return ProcessHandle.current().children().filter(ProcessHandle::isAlive).map(ProcessHandle::pid).collect(Collectors.toSet());
    }

    private long consumers(String queue) throws IOException {
        return broker.channel().consumerCount(queue);
    }

    private static int id(GetResponse response) {
        return Integer.parseInt(new String(response.getBody(), StandardCharsets.UTF_8));
    }

    private static Set<Integer> ids(int total) {
        return IntStream.range(0, total).boxed().collect(Collectors.toSet());
    }
}
