package com.ctec.consumer.internal;

import com.ctec.consumer.BatchWorker;
import com.ctec.consumer.ConcurrencyMode;
import com.ctec.consumer.ConsumerException;
import com.ctec.consumer.ConsumerStats;
import com.ctec.consumer.Worker;
import com.ctec.consumer.spi.ConsumerInfo;
import com.ctec.consumer.spi.ConsumerState;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import org.slf4j.Logger;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One running consumer: it subscribes, keeps the subscription alive across broker failures, and
 * drains on stop. The public {@code Consumer} is a thin front for it.
 *
 * <p>Threads: the caller of {@link #start()} makes the first connection (so configuration errors
 * are thrown to it); then one platform thread, {@code ctec-consumer-<queue>}, waits for the
 * session to be lost or for a stop, and reconnects with backoff or drains. Deliveries arrive on
 * the client's threads ({@link DeliveryHandler}), work runs on the {@link Dispatcher}'s threads,
 * frames are sent by the session's {@link Acknowledger}. See docs/concurrency.md.
 */
public final class ConsumerEngine {
    /**
     * The longest pause between reconnect attempts: short, so that consumption resumes within a
     * few seconds of the broker coming back; an attempt costs the broker little, and a repeated
     * error is logged once.
     */
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private final Settings settings;
    private final Logger log;
    private final ConnectionFactory factory;
    private final Counters counters = new Counters();
    private final EngineInfo info = new EngineInfo();
    private final ScheduledExecutorService timer;
    private final ConfirmedPublisher publisher;
    private final Settlement settlement;
    private final Dispatcher dispatcher;
    private final Listeners listeners;
    private final ManagementApi management;
    private final CompletableFuture<String> stopRequested = new CompletableFuture<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicReference<ConsumerState> state = new AtomicReference<>(ConsumerState.STARTING);
    private volatile ChannelSession session;
    private volatile String lastRouteLogged = "";
    /** Started by a blocking {@code run()}: on a signal its caller decides how the program ends. */
    private volatile boolean foreground;

    public ConsumerEngine(Settings settings, Worker worker, BatchWorker batchWorker) {
        this.settings = settings;
        this.log = settings.logger();
        this.factory = Connections.factory(settings);
        this.timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon(true).name("ctec-timer-" + settings.queue()).factory());
        this.publisher = new ConfirmedPublisher(factory, settings.url(), "ctec-consumer publisher " + settings.queue(), log);
        this.listeners = Listeners.create(settings, info);
        this.settlement = new Settlement(settings, publisher, counters, listeners, info, timer);
        WorkerCall call = new WorkerCall(log, settings.queue(), new SlowWorkerWatch(settings.slowWorkerWarning(), log, timer));
        this.dispatcher = settings.batches()
                ? new BatchDispatcher(settings, batchWorker, call, settlement, timer)
                : new MessageDispatcher(settings, worker, call, settlement);
        this.management = ManagementApi.of(settings).orElse(null);
    }

    /**
     * Connects and subscribes, then returns; configuration errors are thrown as ConsumerException.
     * {@code foreground} is true when a blocking {@code run()} waits for this consumer.
     */
    public void start(boolean foreground) {
        this.foreground = foreground;
        listeners.consumerStarted(info);
        try {
            session = subscribe();
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
        }
    }

    boolean foreground() {
        return foreground;
    }

    /** Blocks until the consumer has stopped. */
    public void awaitStopped() {
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
                current = reconnect();
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

    /** The end of every life, a failed start included: resources released, listeners told, waiters woken. */
    private void markStopped() {
        shutdownResources();
        setState(ConsumerState.STOPPED);
        listeners.consumerStopped(info);
        stopped.countDown();
    }

    /** Reconnects with backoff until it succeeds (returns the new session) or a stop is asked (returns null). */
    private ChannelSession reconnect() {
        long started = System.nanoTime();
        Duration wait = Duration.ofSeconds(1);
        String lastError = "";
        while (!stopRequested.isDone()) {
            try {
                ChannelSession fresh = subscribe();
                session = fresh;
                setState(ConsumerState.RUNNING);
                log.info("Recovered: consuming from queue '{}' on {} again after {} ms.", settings.queue(),
                        info.connectedBroker().orElse("?"), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
                return fresh;
            } catch (IOException | TimeoutException | RuntimeException e) {
                // RuntimeException too: a connection dying mid-subscribe throws AlreadyClosedException, which must not end the loop.
                String error = e instanceof ConsumerException ? e.getMessage() : BrokerErrors.describe(e);
                if (!error.equals(lastError)) {
                    log.warn("Still recovering queue '{}': {} Retrying with backoff (up to {} s).", settings.queue(),
                            error, MAX_BACKOFF.toSeconds());
                    lastError = error;
                } else {
                    log.debug("Still recovering queue '{}': {}", settings.queue(), error);
                }
            }
            try {
                stopRequested.get(wait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                wait = wait.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : wait.multipliedBy(2);
            } catch (Exception e) {
                break;
            }
        }
        return null;
    }

    private ChannelSession subscribe() throws IOException, TimeoutException {
        Connection connection;
        try {
            // Deliveries are handled on the connection's own thread: one thread wake-up less per message.
            connection = factory.newConnection(new ConnectionThreadExecutor(), settings.url().addresses(),
                    "ctec-consumer " + settings.queue());
        } catch (IOException | TimeoutException | RuntimeException e) {
            throw BrokerErrors.connectFailed(settings.url(), e);
        }
        // The version decides how quorum queues count redeliveries and which features exist (docs/compatibility.md).
        log.info("Connected to RabbitMQ {} at {}:{} for queue '{}'.", connection.getServerProperties().getOrDefault("version", "(version not announced)"),
                connection.getAddress().getHostAddress(), connection.getPort(), settings.queue());
        try {
            Channel channel = connection.createChannel();
            channel.basicQos(settings.prefetch());
            try {
                channel.queueDeclarePassive(settings.queue());
            } catch (IOException e) {
                throw BrokerErrors.subscribeFailed(settings.url(), settings.queue(), e);
            }
            // Learned in the background: the management API's first call costs about half a second of start-up.
            CompletableFuture<DeadLetterRoute> route = new CompletableFuture<>();
            settlement.deadLetterRoute(route);
            // On a thread of its own: the lookup blocks on HTTP, and the timer runs batch timeouts and requeues.
            Thread.ofVirtual().name("ctec-dead-letter-route-" + settings.queue()).start(() -> {
                try {
                    route.complete(learnDeadLetterRoute(connection));
                } finally {
                    route.complete(DeadLetterRoute.configured(settings));
                }
            });
            ChannelSession fresh = new ChannelSession(connection, channel, settings.queue(), settings.prefetch(), log);
            DeliveryHandler handler = new DeliveryHandler(fresh);
            try {
                fresh.consumerTag(channel.basicConsume(settings.queue(), false, settings.consumerTag(), handler));
            } catch (IOException e) {
                fresh.abandon();
                throw BrokerErrors.subscribeFailed(settings.url(), settings.queue(), e);
            }
            return fresh;
        } catch (IOException | RuntimeException e) {
            Connections.closeQuietly(connection);
            throw e;
        }
    }

    /** The queue's own dead-letter exchange if the management API shows one, else the configured route. */
    private DeadLetterRoute learnDeadLetterRoute(Connection connection) {
        DeadLetterRoute route = null;
        String unknownBecause = null;
        if (management != null) {
            try {
                route = management.deadLetterRoute(connection.getAddress(), settings.queue()).orElse(null);
            } catch (IOException | RuntimeException e) {
                unknownBecause = "its own dead-letter settings could not be read from the management API at "
                        + management.describe(connection.getAddress()) + " (" + e.getMessage() + ")";
            }
        }
        if (route == null) {
            route = DeadLetterRoute.configured(settings);
        }
        String line = "Dead letters of queue '" + settings.queue() + "' go to " + route.why()
                + (unknownBecause == null ? "." : "; " + unknownBecause + ": set deadLetter(...) if the queue has its own.");
        if (!line.equals(lastRouteLogged)) {
            log.info(line);
            lastRouteLogged = line;
        }
        return route;
    }

    /**
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
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e);
        }
        // What is settled still gets its ack: at least a second for that, however late it is.
        current.closeGracefully(Math.max(1_000, millisUntil(deadline)));
    }

    private static long millisUntil(long deadlineNanos) {
        return Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
    }

    private void shutdownResources() {
        dispatcher.shutdownNow();
        timer.shutdownNow();
        publisher.close();
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

    private static void sleepMillis(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Receives deliveries on the consuming connection's own thread (one at a time, in order; see
     * {@link ConnectionThreadExecutor}) and hands them to the dispatcher without waiting for the
     * work. Nothing here may block for long: while it runs, the connection reads nothing.
     */
    private final class DeliveryHandler extends com.rabbitmq.client.DefaultConsumer {
        private final ChannelSession owner;

        DeliveryHandler(ChannelSession owner) {
            super(owner.channel());
            this.owner = owner;
        }

        @Override
        public void handleDelivery(String consumerTag, com.rabbitmq.client.Envelope envelope,
                                   com.rabbitmq.client.AMQP.BasicProperties properties, byte[] body) {
            com.ctec.consumer.WorkerMessage message;
            try {
                message = new com.ctec.consumer.WorkerMessage(settings.queue(), envelope, properties, body,
                        Headers.attempt(properties == null ? new com.rabbitmq.client.AMQP.BasicProperties() : properties));
            } catch (RuntimeException e) {
                // Never let a delivery throw here: the client would close the channel and the same message would come first again.
                log.error("Could not take message {} from queue '{}' ({}); it goes back to the queue in 1 s.",
                        envelope.getDeliveryTag(), settings.queue(), e, e);
                timer.schedule(() -> owner.requeue(envelope.getDeliveryTag()), 1, TimeUnit.SECONDS);
                return;
            }
            Delivery delivery = new Delivery(message, owner);
            owner.delivered();
            counters.delivered();
            listeners.messageDelivered(info);
            waitForRoomInFlight();
            try {
                dispatcher.dispatch(delivery);
            } catch (RuntimeException e) {
                // Only when the executor is already shut down (stopping): give the message back.
                settlement.requeueUnstarted(delivery);
            }
        }

        /**
         * Within one channel the broker's prefetch bounds the work in flight; after a recovery the
         * previous channel's workers may still run, so the new channel's deliveries wait for them.
         * Waiting here holds up the new connection's reading, which is the point: the broker then
         * sends nothing more until there is room.
         */
        private void waitForRoomInFlight() {
            while (counters.inFlight() > settings.prefetch() && owner.alive() && !stopRequested.isDone()) {
                sleepMillis(1);
            }
        }

        @Override
        public void handleCancel(String consumerTag) {
            owner.markLost("the broker cancelled the consumer (queue deleted, or its node went down)");
        }
    }

    /** What listeners see of this consumer. */
    private final class EngineInfo implements ConsumerInfo {
        @Override
        public String appName() {
            return settings.appName();
        }

        @Override
        public String appDesc() {
            return settings.appDesc();
        }

        @Override
        public String queue() {
            return settings.queue();
        }

        @Override
        public String vhost() {
            return settings.url().vhost();
        }

        @Override
        public String brokers() {
            return settings.url().brokers();
        }

        @Override
        public String redactedUrl() {
            return settings.url().redacted();
        }

        @Override
        public Optional<String> connectedBroker() {
            ChannelSession current = session;
            if (current == null || !current.connection().isOpen()) {
                return Optional.empty();
            }
            Connection connection = current.connection();
            return Optional.of(connection.getAddress().getHostAddress() + ":" + connection.getPort());
        }

        @Override
        public Optional<String> localAddress() {
            ChannelSession current = session;
            if (current == null || !current.connection().isOpen()
                    || !(current.connection() instanceof com.rabbitmq.client.impl.NetworkConnection network)) {
                return Optional.empty();
            }
            return Optional.of(network.getLocalAddress().getHostAddress());
        }

        @Override
        public int prefetch() {
            return settings.prefetch();
        }

        @Override
        public int threads() {
            return settings.threads();
        }

        @Override
        public ConcurrencyMode mode() {
            return settings.mode();
        }

        @Override
        public int batchSize() {
            return settings.batchSize();
        }

        @Override
        public Optional<String> zookeeper() {
            return Optional.ofNullable(settings.zookeeper());
        }

        @Override
        public String zookeeperRoot() {
            return settings.zookeeperRoot();
        }

        @Override
        public Duration agentInterval() {
            return settings.agentInterval();
        }

        @Override
        public int metricsPort() {
            return settings.metricsPort();
        }

        @Override
        public String metricsBind() {
            return settings.metricsBind();
        }

        @Override
        public ConsumerState state() {
            return state.get();
        }

        @Override
        public ConsumerStats stats() {
            return counters.snapshot();
        }

        @Override
        public OptionalLong readyMessages() {
            ChannelSession current = session;
            return current == null ? OptionalLong.empty() : current.readyMessages(settings.queue());
        }
    }
}
