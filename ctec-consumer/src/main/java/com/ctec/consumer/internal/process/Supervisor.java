package com.ctec.consumer.internal.process;

import com.ctec.consumer.internal.Settings;
import com.ctec.consumer.internal.StopSignals;
import com.ctec.consumer.internal.connect.BrokerErrors;
import com.ctec.consumer.internal.connect.Connections;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import org.slf4j.Logger;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

/**
 * PROCESSES mode: the launching JVM starts {@code processes} child JVMs running the same program,
 * restarts those that die (with {@link ChildRestartBackoff}), and on SIGTERM, SIGINT or
 * {@link #stop()} stops them all gracefully and returns (see docs/processes.md).
 *
 * <p>Threads: {@link #run()} is the only thread that starts, tends or stops children. Signal
 * handlers, {@link #stop()} and child exits only record what happened and wake it.
 */
public final class Supervisor {
    /** Set in a child's environment to its index 1..n: the child consumes in THREADS mode instead of supervising. */
    public static final String CHILD_ENV = "CTEC_CONSUMER_CHILD";
    /** Set in a child's environment to the supervisor's pid, which the child watches. */
    public static final String SUPERVISOR_PID_ENV = "CTEC_CONSUMER_SUPERVISOR_PID";
    /** Beyond a child's own shutdown timeout: closing its connections and the JVM's exit take a few seconds. */
    static final Duration STOP_MARGIN = Duration.ofSeconds(10);
    /** A lost wake-up must not stall the supervisor; it looks at its children at least this often. */
    private static final long MAX_SLEEP_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final Settings settings;
    private final Logger log;
    private final Semaphore wakeups = new Semaphore(0);
    private final AtomicReference<String> stopReason = new AtomicReference<>();
    private final CountDownLatch stopped = new CountDownLatch(1);

    public Supervisor(Settings settings) {
        this.settings = settings;
        this.log = settings.logger();
    }

    /** Whether this JVM is a child started by a supervisor. */
    public static boolean isChild() {
        return System.getenv(CHILD_ENV) != null;
    }

    /**
     * Starts the children and blocks until a stop is asked and they have all stopped. A broker or
     * queue that cannot be reached at start throws {@code ConsumerException}, as in the other modes.
     */
    public void run() {
        try {
            supervise();
        } finally {
            stopped.countDown();
        }
    }

    private void supervise() {
        checkQueueReachable();
        ChildCommand command = ChildCommand.ofThisJvm();
        List<ChildProcess> children = IntStream.rangeClosed(1, settings.processes())
                .mapToObj(i -> new ChildProcess(i, command, log, wakeups::release)).toList();
        try (StopSignals ignored = StopSignals.take(signal -> requestStop(signal.what() + " received"))) {
            log.info("Supervising {} child JVMs for queue '{}' from pid {} (PROCESSES mode): {}.", children.size(),
                    settings.queue(), ProcessHandle.current().pid(), command.describe());
            try {
                children.forEach(ChildProcess::start);
                tendUntilStopped(children);
            } finally {
                // Also after an unexpected error here: children must not outlive a supervisor that gave up.
                stopChildren(children, Objects.requireNonNullElse(stopReason.get(), "The supervisor failed"));
            }
        }
    }

    private void tendUntilStopped(List<ChildProcess> children) {
        while (stopReason.get() == null) {
            long now = System.nanoTime();
            long sleep = MAX_SLEEP_NANOS;
            for (ChildProcess child : children) {
                long next = child.tend(now);
                if (next != ChildProcess.IDLE) {
                    sleep = Math.min(sleep, next - now);
                }
            }
            awaitWakeup(sleep);
        }
    }

    /** Asks the supervisor to stop its children gracefully; returns at once. */
    public void stop() {
        requestStop("stop()");
    }

    /** Blocks until {@link #run()} has returned. */
    public void awaitStopped() {
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void requestStop(String why) {
        if (!stopReason.compareAndSet(null, why)) {
            log.info("{} while already stopping: the children keep draining.", why);
        }
        wakeups.release();
    }

    private void awaitWakeup(long nanos) {
        try {
            if (wakeups.tryAcquire(Math.max(0, nanos), TimeUnit.NANOSECONDS)) {
                wakeups.drainPermits();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            requestStop("Interrupted");
        }
    }

    private void stopChildren(List<ChildProcess> children, String why) {
        Duration grace = settings.shutdownTimeout().plus(STOP_MARGIN);
        log.info("{}: stopping {} children of queue '{}' gracefully (each gets up to {} s).", why, children.size(),
                settings.queue(), grace.toSeconds());
        // All at once, so that they drain in parallel and the total wait is one grace period.
        children.forEach(ChildProcess::requestStop);
        long deadline = System.nanoTime() + grace.toNanos();
        children.forEach(c -> c.awaitStop(deadline, grace));
        log.info("All {} children of queue '{}' have stopped ({} restarts in all): the supervisor exits.", children.size(),
                settings.queue(), children.stream().mapToInt(ChildProcess::restarts).sum());
    }

    /** The children would each fail the same way and be restarted for ever: fail once, here, with the reason. */
    private void checkQueueReachable() {
        ConnectionFactory factory = Connections.factory(settings);
        Connection connection;
        try {
            connection = factory.newConnection(settings.url().addresses(),
                    "ctec-consumer supervisor " + settings.queue());
        } catch (IOException | TimeoutException | RuntimeException e) {
            throw BrokerErrors.connectFailed(settings.url(), e);
        }
        try {
            connection.createChannel().queueDeclarePassive(settings.queue());
        } catch (IOException e) {
            throw BrokerErrors.subscribeFailed(settings.url(), settings.queue(), e);
        } finally {
            try {
                connection.close(2_000);
            } catch (IOException | RuntimeException e) {
                // Closed by the broker after a failed declare: nothing left to release.
            }
        }
    }
}
