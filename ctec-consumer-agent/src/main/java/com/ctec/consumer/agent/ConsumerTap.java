package com.ctec.consumer.agent;

import com.ctec.consumer.agent.registry.RegistryEntry;
import com.ctec.consumer.spi.ConsumerInfo;
import com.ctec.consumer.spi.ConsumerListener;
import com.ctec.consumer.spi.ConsumerState;
import com.ctec.consumer.spi.Outcome;
import com.ctec.consumer.spi.RegistryCredentials;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The agent's listener on one consumer. Message hooks run on the engine's threads and only bump
 * counters; attaching to and detaching from the {@link ProcessAgent} happen at start and stop.
 */
final class ConsumerTap implements ConsumerListener {
    /** How long a backlog reading may take before it counts as unknown: the agent thread must not hang on a broker. */
    private static final long BACKLOG_WAIT_MS = 5_000;
    /** How long a stopping consumer waits for its registry entry to be deleted (ZooKeeper healthy: milliseconds). */
    private static final long DETACH_WAIT_MS = 2_000;

    private final ConsumerInfo info;
    private final RegistryCredentials credentials;
    private final ProcessAgent agent;
    private final String app;
    private final AtomicBoolean attached = new AtomicBoolean();
    private final AtomicBoolean stopped = new AtomicBoolean();
    // Set once at start, before the first delivery; volatile so the client's threads see them.
    private volatile ZooKeeperReporter reporter;
    private volatile ConsumerMeters meters;
    private volatile RegistryEntry.Failure lastFailure;
    private volatile long backlog = -1;
    private final AtomicBoolean backlogReading = new AtomicBoolean();

    ConsumerTap(ConsumerInfo info, RegistryCredentials credentials, ProcessAgent agent) {
        this.info = info;
        this.credentials = credentials;
        this.agent = agent;
        // Default app name = queue name, so an unnamed consumer still gets a readable registry path and label.
        this.app = info.appName().isBlank() ? info.queue() : info.appName();
    }

    ConsumerInfo info() {
        return info;
    }

    /** The ZooKeeper digest {@code user:password} for the registry, or empty; never printed. */
    Optional<String> zookeeperDigest() {
        return credentials.zookeeperDigest();
    }

    /** The application name shown in the registry and the metrics: appName, or the queue when none was given. */
    String app() {
        return app;
    }

    boolean isStopped() {
        return stopped.get();
    }

    ZooKeeperReporter reporter() {
        return reporter;
    }

    void reporter(ZooKeeperReporter reporter) {
        this.reporter = reporter;
    }

    void meters(ConsumerMeters meters) {
        this.meters = meters;
    }

    /** This consumer as a line of the registry entry's {@code queues}. */
    RegistryEntry.Queue queueEntry() {
        return new RegistryEntry.Queue(info.queue(), info.vhost(), info.connectedBroker().orElse(info.brokers()),
                info.prefetch(), info.threads(), info.mode().name(), info.state().name(), info.stats(), backlog,
                lastFailure);
    }

    /** The last failed worker call, or null when none failed. */
    RegistryEntry.Failure lastFailure() {
        return lastFailure;
    }

    /** The queue's ready messages at the last {@link #readBacklog()}, or -1 before the first reading or when it failed. */
    long backlog() {
        return backlog;
    }

    /**
     * Starts a {@link #readBacklog()} on a virtual thread unless one is under way: the agent thread
     * asks at every sample and uses what the last reading found, never waiting for the broker.
     */
    void refreshBacklog() {
        if (backlogReading.compareAndSet(false, true)) {
            Thread.startVirtualThread(() -> {
                try {
                    readBacklog();
                } finally {
                    backlogReading.set(false);
                }
            });
        }
    }

    /**
     * Asks the broker for the queue's ready messages now (a passive declare, see
     * {@link ConsumerInfo#readyMessages()}), waiting at most {@link #BACKLOG_WAIT_MS}; remembers and
     * returns the answer, -1 when there is none. Blocks: {@link #refreshBacklog()} and scrapes call it, never a hook.
     */
    long readBacklog() {
        long read;
        try {
            read = CompletableFuture.supplyAsync(info::readyMessages, Thread::startVirtualThread)
                    .get(BACKLOG_WAIT_MS, TimeUnit.MILLISECONDS).orElse(-1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            read = -1;
        } catch (Exception e) {
            read = -1; // A broker that does not answer within the wait: unknown this time.
        }
        backlog = read;
        return read;
    }

    @Override
    public void consumerStarted(ConsumerInfo consumer) {
        if (attached.compareAndSet(false, true)) {
            agent.attach(this);
        }
    }

    @Override
    public void stateChanged(ConsumerInfo consumer, ConsumerState from, ConsumerState to) {
        if (to == ConsumerState.STOPPED) {
            // A start that fails reports STOPPED without consumerStopped: detach here too.
            stop();
            return;
        }
        ZooKeeperReporter current = reporter;
        if (current != null) {
            current.changed();
        }
    }

    @Override
    public void messageDelivered(ConsumerInfo consumer) {
        ConsumerMeters current = meters;
        if (current != null) {
            current.delivered();
        }
    }

    @Override
    public void messageSettled(ConsumerInfo consumer, Outcome outcome, long handlerNanos) {
        ZooKeeperReporter currentReporter = reporter;
        if (currentReporter != null) {
            currentReporter.settled(outcome);
        }
        ConsumerMeters currentMeters = meters;
        if (currentMeters != null) {
            currentMeters.settled(outcome, handlerNanos);
        }
    }

    @Override
    public void messageFailed(ConsumerInfo consumer, String error) {
        // Failure cleans and cuts the text: at most a few hundred characters looked at, however long the message.
        lastFailure = new RegistryEntry.Failure(System.currentTimeMillis(), error);
        ZooKeeperReporter currentReporter = reporter;
        if (currentReporter != null) {
            currentReporter.failed();
        }
        ConsumerMeters currentMeters = meters;
        if (currentMeters != null) {
            currentMeters.failed();
        }
    }

    @Override
    public void consumerStopped(ConsumerInfo consumer) {
        stop();
    }

    private void stop() {
        if (!attached.get() || !stopped.compareAndSet(false, true)) {
            return;
        }
        CompletableFuture<Void> detached = agent.detach(this);
        try {
            // Bounded: close() returns with the entry gone when ZooKeeper answers, and soon anyway when it does not.
            detached.get(DETACH_WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // Slow or absent ZooKeeper: the session's end removes the ephemeral entry.
        }
    }
}
