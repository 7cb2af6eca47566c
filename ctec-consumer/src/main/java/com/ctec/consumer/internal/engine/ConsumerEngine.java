package com.ctec.consumer.internal.engine;

import com.ctec.consumer.BatchWorker;
import com.ctec.consumer.ConcurrencyMode;
import com.ctec.consumer.ConsumerException;
import com.ctec.consumer.ConsumerStats;
import com.ctec.consumer.Worker;
import com.ctec.consumer.internal.Counters;
import com.ctec.consumer.internal.Listeners;
import com.ctec.consumer.internal.Settings;
import com.ctec.consumer.internal.connect.BrokerErrors;
import com.ctec.consumer.internal.connect.Connections;
import com.ctec.consumer.internal.connect.ReadBurstSocketFactory;
import com.ctec.consumer.internal.dispatch.BatchDispatcher;
import com.ctec.consumer.internal.dispatch.Dispatcher;
import com.ctec.consumer.internal.dispatch.MessageDispatcher;
import com.ctec.consumer.internal.publish.ConfirmedPublisher;
import com.ctec.consumer.internal.settle.Settlement;
import com.ctec.consumer.internal.work.SlowWorkerWatch;
import com.ctec.consumer.internal.work.WorkerCall;
import com.ctec.consumer.spi.ConsumerInfo;
import com.ctec.consumer.spi.ConsumerState;
import com.rabbitmq.client.ConnectionFactory;
import org.slf4j.Logger;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One running consumer's life: start, keep the subscription alive across broker failures, drain
 * on stop. The public {@code Consumer} is a thin front for it; each step of a message's way is a
 * class of its own: {@link Subscriber} (connect, subscribe), {@link DeliveryReceiver} (receive),
 * {@link Dispatcher} (dispatch, work), {@link Settlement} (settle), {@link Reconnection} (recover).
 *
 * <p>Threads: the caller of {@link #start} makes the first connection (so configuration errors
 * are thrown to it); then one platform thread, {@code ctec-consumer-<queue>}, waits for the
 * session to be lost or for a stop, and reconnects with backoff or drains. Deliveries arrive on
 * the consuming connection's thread, work runs on the {@link Dispatcher}'s threads, frames are
 * sent by the session's {@link Acknowledger}. See docs/concurrency.md.
 */
public final class ConsumerEngine {
    private final Settings settings;
    private final Logger log;
    private final Counters counters = new Counters();
    private final EngineInfo info;
    private final ScheduledExecutorService timer;
    private final ConfirmedPublisher publisher;
    private final Dispatcher dispatcher;
    private final Listeners listeners;
    private final Subscriber subscriber;
    private final Reconnection reconnection;
    private final CompletableFuture<String> stopRequested = new CompletableFuture<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicReference<ConsumerState> state = new AtomicReference<>(ConsumerState.STARTING);
    private volatile ChannelSession session;
    /** Started by a blocking {@code run()}: on a signal its caller decides how the program ends. */
    private volatile boolean foreground;
    /** Threads blocked in {@link #awaitStopped()}. */
    private final AtomicInteger waiters = new AtomicInteger();

    public ConsumerEngine(Settings settings, Worker worker, BatchWorker batchWorker) {
        this.settings = settings;
        this.log = settings.logger();
        this.info = new EngineInfo(settings, counters, () -> session, state::get);
        ConnectionFactory factory = Connections.factory(settings);
        this.timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon(true).name("ctec-timer-" + settings.queue()).factory());
        this.publisher = new ConfirmedPublisher(factory, settings.url(), "ctec-consumer publisher " + settings.queue(), log);
        this.listeners = Listeners.create(settings, info);
        Settlement settlement = new Settlement(settings, publisher, counters, listeners, info, timer);
        WorkerCall call = new WorkerCall(log, settings.queue(), new SlowWorkerWatch(settings.slowWorkerWarning(), log, timer));
        this.dispatcher = settings.batches()
                ? new BatchDispatcher(settings, batchWorker, call, settlement, timer)
                : new MessageDispatcher(settings, worker, call, settlement);
        DeliveryReceiver receiver = new DeliveryReceiver(settings, counters, listeners, info, dispatcher, settlement, timer,
                stopRequested::isDone);
        // The consuming connection hands deliveries to the workers once per read of its socket, not once per delivery.
        ConnectionFactory consuming = Connections.factory(settings);
        if (ReadBurstSocketFactory.install(consuming, dispatcher::handOver)) {
            dispatcher.handOverAtReads();
        }
        this.subscriber = new Subscriber(settings, consuming, receiver, settlement);
        this.reconnection = new Reconnection(settings, subscriber);
    }

    /**
     * Connects and subscribes, then returns; configuration errors are thrown as ConsumerException.
     * {@code foreground} is true when a blocking {@code run()} waits for this consumer.
     */
    public void start(boolean foreground) {
        this.foreground = foreground;
        listeners.consumerStarted(info);
        try {
            session = subscriber.subscribe();
            publisher.connect();
        } catch (ConsumerException e) {
            throw failedStart(e);
        } catch (IOException | TimeoutException | RuntimeException e) {
            // RuntimeException: the connection can die between its own steps (AlreadyClosedException).
            throw failedStart(BrokerErrors.connectFailed(settings.url(), e));
        }
        setState(ConsumerState.RUNNING);
        log.info("Consuming from queue '{}' on {} (prefetch {}, {}{}).", settings.queue(), info.connectedBroker().orElse("?"),
                settings.prefetch(), describeMode(), settings.batches() ? ", batches of " + settings.batchSize() : "");
        SignalStopper.register(this);
        Thread.ofPlatform().name("ctec-consumer-" + settings.queue()).start(this::superviseSession);
    }

    private ConsumerException failedStart(ConsumerException error) {
        ChannelSession opened = session;
        if (opened != null) {
            opened.abandon();
        }
        markStopped();
        return error;
    }

    /** Asks for a graceful stop; returns at once. */
    public void stop() {
        stopRequested.complete("stop()");
    }

    void stopOnSignal(String signal) {
        if (stopRequested.complete(signal)) {
            log.info("{} received: stopping gracefully.", signal);
        } else {
            log.info("{} received while stopping: the stop goes on.", signal);
        }
    }

    /**
     * Whether some code goes on after this consumer stops: it was started by a blocking
     * {@code run()}, or a thread waits for it in {@code close()}. Then that code decides how the
     * program ends, and a signal is not passed on to the JVM.
     */
    boolean awaited() {
        return foreground || waiters.get() > 0;
    }

    /** Blocks until the consumer has stopped. */
    public void awaitStopped() {
        waiters.incrementAndGet();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            waiters.decrementAndGet();
        }
    }

    public ConsumerStats stats() {
        return counters.snapshot();
    }

    public ConsumerState state() {
        return state.get();
    }

    public ConsumerInfo info() {
        return info;
    }

    private void superviseSession() {
        try {
            ChannelSession current = session;
            while (current != null) {
                String reason = CompletableFuture.anyOf(current.lost(), stopRequested).join().toString();
                if (stopRequested.isDone()) {
                    drain(current);
                    break;
                }
                setState(ConsumerState.RECOVERING);
                log.warn("Lost the subscription to queue '{}' ({}): reconnecting.", settings.queue(), reason);
                giveUp(current);
                long started = System.nanoTime();
                current = reconnection.reconnect(stopRequested);
                if (current != null) {
                    session = current;
                    setState(ConsumerState.RUNNING);
                    log.info("Recovered: consuming from queue '{}' on {} again after {} ms.", settings.queue(),
                            info.connectedBroker().orElse("?"), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
                }
            }
        } catch (RuntimeException e) {
            log.error("The consumer of queue '{}' stopped unexpectedly; unacknowledged messages return to the queue.", settings.queue(), e);
        } finally {
            SignalStopper.unregister(this);
            markStopped();
            log.info("Stopped consuming from queue '{}': {}.", settings.queue(), counters.snapshot());
        }
    }

    /**
     * Leaves a lost session. A broken link drops its settlements (the broker has put its messages
     * back already). A cancel by the broker leaves the channel open: work in flight may still
     * finish and be acked on it, in the background, while the new session starts.
     */
    private void giveUp(ChannelSession lost) {
        if (!lost.open()) {
            lost.abandon();
            return;
        }
        long timeout = settings.shutdownTimeout().toMillis();
        lost.drained().orTimeout(Math.max(1, timeout), TimeUnit.MILLISECONDS)
                .whenComplete((ok, timedOut) -> lost.closeGracefully(2_000));
    }

    /**
     * Drain: no new messages, in-flight work finishes and is settled, then everything closes.
     * Every step is bounded by the shutdown timeout, the broker's answers included: over a link
     * gone silent, a stop must not wait for heartbeats to notice.
     */
    private void drain(ChannelSession current) {
        setState(ConsumerState.STOPPING);
        long deadline = System.nanoTime() + settings.shutdownTimeout().toNanos();
        log.info("Stopping queue '{}': no new messages; waiting up to {} ms for {} in flight.", settings.queue(),
                settings.shutdownTimeout().toMillis(), counters.inFlight());
        current.cancel(millisUntil(deadline));
        dispatcher.stopAccepting();
        try {
            current.drained().get(Math.max(1, millisUntil(deadline)), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            log.warn("{} messages of queue '{}' were still in progress after the shutdown timeout of {} ms: "
                    + "closing anyway; the broker will deliver them again.", counters.inFlight(), settings.queue(),
                    settings.shutdownTimeout().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
        // What is settled still gets its ack: at least a second for that, however late it is.
        current.closeGracefully(Math.max(1_000, millisUntil(deadline)));
    }

    private static long millisUntil(long deadlineNanos) {
        return Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
    }

    /** The end of every life, a failed start included: resources released, listeners told, waiters woken. */
    private void markStopped() {
        dispatcher.shutdownNow();
        timer.shutdownNow();
        publisher.close();
        setState(ConsumerState.STOPPED);
        listeners.consumerStopped(info);
        stopped.countDown();
    }

    private void setState(ConsumerState next) {
        ConsumerState previous = state.getAndSet(next);
        if (previous != next) {
            listeners.stateChanged(info, previous, next);
        }
    }

    private String describeMode() {
        return settings.mode() == ConcurrencyMode.VIRTUAL_THREADS ? "virtual threads" : settings.threads() + " threads";
    }
}
