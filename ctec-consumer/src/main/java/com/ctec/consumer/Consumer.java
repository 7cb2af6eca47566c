package com.ctec.consumer;

import com.ctec.consumer.internal.AmqpUrl;
import com.ctec.consumer.internal.AppNames;
import com.ctec.consumer.internal.Printable;
import com.ctec.consumer.internal.Settings;
import com.ctec.consumer.internal.connect.ManagementApi;
import com.ctec.consumer.internal.engine.ConsumerEngine;
import com.ctec.consumer.internal.process.ChildRuntime;
import com.ctec.consumer.internal.process.Supervisor;
import com.ctec.consumer.spi.ConsumerInfo;
import com.ctec.consumer.spi.ConsumerListener;
import com.ctec.consumer.spi.ConsumerState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A RabbitMQ consumer: it connects, subscribes, hands each message to the registered worker and
 * settles the result (seed: {@code consumer.Consumer}).
 *
 * <pre>{@code
 * Consumer c = Consumer.builder("amqp://guest:guest@127.0.0.1:5672/", "orders").build();
 * c.registerWorker(m -> { System.out.println(m.bodyAsString()); return ConsumeResult.SUCCESS; });
 * c.run();   // blocks until stop(), SIGINT or SIGTERM
 * }</pre>
 */
public final class Consumer implements AutoCloseable {
    private final Settings settings;
    private final Object lock = new Object();
    private Worker worker;
    private BatchWorker batchWorker;
    private ConsumerEngine engine;
    private Supervisor supervisor;
    /** A stop asked before the start: the start then does not consume at all. */
    private boolean stopRequested;

    private Consumer(Settings settings) {
        this.settings = settings;
    }

    /** Starts a builder for a consumer of {@code queue} on the broker(s) of the AMQP {@code url}. */
    public static Builder builder(String url, String queue) {
        return new Builder(url, queue);
    }

    /** Registers the worker called for each message (seed: {@code register_worker}). */
    public void registerWorker(Worker worker) {
        Objects.requireNonNull(worker, "worker");
        if (settings.batchSize() > 1) {
            throw new ConsumerException("batchSize is " + settings.batchSize()
                    + " but a plain Worker was registered: register a BatchWorker with registerBatchWorker, or set batchSize(1).");
        }
        synchronized (lock) {
            this.worker = worker;
        }
    }

    /** Registers the worker called with each batch of up to {@code batchSize} messages. */
    public void registerBatchWorker(BatchWorker batchWorker) {
        Objects.requireNonNull(batchWorker, "batchWorker");
        synchronized (lock) {
            this.batchWorker = batchWorker;
        }
    }

    /**
     * Consumes until {@link #stop()}, SIGINT or SIGTERM, then drains in-flight work, settles it,
     * closes and returns. Configuration errors (bad password, unknown vhost, missing queue,
     * unreachable broker at start) throw {@link ConsumerException}. In PROCESSES mode the
     * launching JVM supervises child JVMs here instead (see docs/processes.md).
     */
    public void run() {
        if (supervisesProcesses()) {
            Supervisor created = newSupervisor();
            if (created != null) {
                created.run();
            }
            return;
        }
        ConsumerEngine created = startEngine(true);
        if (created != null) {
            created.awaitStopped();
        }
    }

    /** Starts consuming in the background and returns at once; the non-blocking {@link #run()}. */
    public void start() {
        if (supervisesProcesses()) {
            throw new ConsumerException("PROCESSES mode supervises child JVMs from run(), which blocks: call run() instead of start(), or use THREADS or VIRTUAL_THREADS.");
        }
        startEngine(false);
    }

    /** Asks the consumer to stop gracefully; returns at once (use {@link #close()} to wait). */
    public void stop() {
        synchronized (lock) {
            stopRequested = true;
        }
        Supervisor supervising = supervisor();
        if (supervising != null) {
            supervising.stop();
        }
        ConsumerEngine current = engine();
        if (current != null) {
            current.stop();
        }
    }

    /** Stops gracefully and waits until in-flight work is settled and connections are closed. */
    @Override
    public void close() {
        stop();
        Supervisor supervising = supervisor();
        if (supervising != null) {
            supervising.awaitStopped();
        }
        ConsumerEngine current = engine();
        if (current != null) {
            current.awaitStopped();
        }
    }

    /** The counters since start; all zero before start. */
    public ConsumerStats stats() {
        ConsumerEngine current = engine();
        return current == null ? new ConsumerStats(0, 0, 0, 0, 0, 0, 0, 0, 0) : current.stats();
    }

    /** The consumer's state now. */
    public ConsumerState state() {
        ConsumerEngine current = engine();
        return current == null ? ConsumerState.STARTING : current.state();
    }

    /** A read-only view of the settings and live state, as listeners see it. */
    public ConsumerInfo info() {
        ConsumerEngine current = engine();
        if (current == null) {
            throw new IllegalStateException("the consumer has not been started: call run() or start() first");
        }
        return current.info();
    }

    @Override
    public String toString() {
        return "Consumer{" + settings.url().redacted() + " queue=" + settings.queue() + "}";
    }

    private boolean supervisesProcesses() {
        return settings.mode() == ConcurrencyMode.PROCESSES && !Supervisor.isChild();
    }

    /** The supervisor, or null when a stop was asked before the start. */
    private Supervisor newSupervisor() {
        synchronized (lock) {
            requireStartable();
            if (stoppedBeforeStart()) {
                return null;
            }
            supervisor = new Supervisor(settings);
            return supervisor;
        }
    }

    /** The started engine, or null when a stop was asked before the start. */
    private ConsumerEngine startEngine(boolean foreground) {
        ConsumerEngine created;
        synchronized (lock) {
            requireStartable();
            if (stoppedBeforeStart()) {
                return null;
            }
            created = new ConsumerEngine(settings, ChildRuntime.tagged(worker), ChildRuntime.tagged(batchWorker));
            engine = created;
        }
        ChildRuntime.enter(settings.logger(), created::stop);
        created.start(foreground);
        return created;
    }

    /** Called with the lock held. */
    private boolean stoppedBeforeStart() {
        if (stopRequested) {
            settings.logger().info("stop() was called before the consumer of queue '{}' started: it does not start.", settings.queue());
        }
        return stopRequested;
    }

    /** Called with the lock held; checked before supervising too, else every child would fail on it and be restarted for ever. */
    private void requireStartable() {
        if (engine != null || supervisor != null) {
            throw new ConsumerException("this consumer was already started: build a new Consumer to run again.");
        }
        if (worker == null && batchWorker == null) {
            throw new ConsumerException("no worker registered for queue " + settings.queue()
                    + ": call registerWorker(...) or registerBatchWorker(...) before run().");
        }
        if (settings.batchSize() <= 1 && worker == null) {
            throw new ConsumerException("a BatchWorker was registered but batchSize is 1: set batchSize(n) with n > 1, or register a plain Worker.");
        }
    }

    private ConsumerEngine engine() {
        synchronized (lock) {
            return engine;
        }
    }

    private Supervisor supervisor() {
        synchronized (lock) {
            return supervisor;
        }
    }

    /** Collects and validates a consumer's options; every setter fails fast with the bad value. */
    public static final class Builder {
        /** Where the agent's {@code /metrics} and {@code /health} listen unless {@link #metricsBind} says otherwise. */
        public static final String DEFAULT_METRICS_BIND = "127.0.0.1";

        private final AmqpUrl url;
        private final String queue;
        private Logger logger = LoggerFactory.getLogger("ctec.consumer");
        private int prefetch = 30;
        private int threads = 5;
        private Duration heartbeat = Duration.ofSeconds(30);
        private String consumerTag = "";
        private boolean rpc;
        private int batchSize = 1;
        private Duration batchTimeout = Duration.ofMillis(500);
        private boolean agent = true;
        private String appName = "";
        private String appDesc = "";
        private String zookeeper = System.getenv("CTEC_ZOOKEEPER_HOSTS");
        private String zookeeperDigest;
        private String zookeeperRoot = "/ctec-consumer";
        private Duration agentInterval = Duration.ofMinutes(1);
        private int metricsPort;
        private String metricsBind = DEFAULT_METRICS_BIND;
        private ConcurrencyMode mode = ConcurrencyMode.THREADS;
        private int processes = Runtime.getRuntime().availableProcessors();
        private Duration shutdownTimeout = Duration.ofSeconds(30);
        private int maxAttempts = 5;
        private Duration retryDelay = Duration.ZERO;
        private double retryBackoffMultiplier = 1.0;
        private Duration retryBackoffMax = Duration.ZERO;
        private String deadLetterExchange;
        private String deadLetterRoutingKey;
        private int managementPort = -1;  // the plugin's default port for the URL's scheme
        private URI managementUrl;
        private Duration slowWorkerWarning = Duration.ofMinutes(5);
        private final List<ConsumerListener> listeners = new ArrayList<>();

        private Builder(String url, String queue) {
            this.url = AmqpUrl.parse(url);
            if (queue == null || queue.isBlank()) {
                throw new ConsumerException("the queue name is empty: pass the name of the queue to consume, e.g. Consumer.builder(url, \"orders\").");
            }
            this.queue = queue;
        }

        /** The logger for the consumer's own lines (seed arg 3); default the SLF4J logger "ctec.consumer". */
        public Builder logger(Logger logger) {
            this.logger = Objects.requireNonNull(logger, "logger");
            return this;
        }

        /** How many unacknowledged messages the broker may send at once (seed arg 4); default 30. */
        public Builder prefetch(int prefetch) {
            this.prefetch = requireRange("prefetch", prefetch, 1, 65535, "use 1 to 65535 (100-300 suits fast workers)");
            return this;
        }

        /** Worker threads in THREADS mode (seed arg 5); default 5. */
        public Builder threads(int threads) {
            this.threads = requireRange("threads", threads, 1, 10_000, "use at least 1");
            return this;
        }

        /**
         * The AMQP heartbeat (seed arg 6); default 30 s; at least 1 s, rounded up to whole seconds
         * (the protocol counts seconds). There is no "off": RabbitMQ's Java client reads a zero as
         * "let the server choose" (60 s), which would silently keep a dead link for minutes.
         */
        public Builder heartbeat(Duration heartbeat) {
            if (heartbeat == null || heartbeat.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new ConsumerException("heartbeat was " + heartbeat + ": use at least 1 second (5 to 30 s suits most "
                        + "networks); the Java client cannot turn heartbeats off, a zero would let the server choose 60 s.");
            }
            this.heartbeat = heartbeat;
            return this;
        }

        /** The consumer tag (seed arg 7); default: generated by the broker. */
        public Builder consumerTag(String consumerTag) {
            this.consumerTag = consumerTag == null ? "" : consumerTag;
            return this;
        }

        /** Whether SUCCESS publishes an RPC answer to the request's reply_to (seed arg 8); default false. */
        public Builder rpc(boolean rpc) {
            this.rpc = rpc;
            return this;
        }

        /** Messages per batch for a BatchWorker (seed async arg 9); default 1 (no batches). */
        public Builder batchSize(int batchSize) {
            this.batchSize = requireRange("batchSize", batchSize, 1, 65535, "use at least 1");
            return this;
        }

        /** How long a partial batch waits for more messages before it is handed over; default 500 ms. */
        public Builder batchTimeout(Duration batchTimeout) {
            this.batchTimeout = requirePositive("batchTimeout", batchTimeout);
            return this;
        }

        /** Whether the monitoring agent runs when its artifact is on the classpath; default true. */
        public Builder agent(boolean agent) {
            this.agent = agent;
            return this;
        }

        /**
         * The application's name, shown by the agent and the registry (one znode name: no '/', no
         * control characters, not "." or ".."); null means none, and the queue name stands in.
         */
        public Builder appName(String appName) {
            String problem = appName == null ? null : AppNames.problem(appName);
            if (problem != null) {
                throw new ConsumerException("appName '" + Printable.of(appName) + "' " + problem
                        + ": use a plain name such as 'orders' (it names the app's registry node and log file).");
            }
            this.appName = appName == null ? "" : appName;
            return this;
        }

        /** What the application does, shown by the agent. */
        public Builder appDesc(String appDesc) {
            this.appDesc = appDesc == null ? "" : appDesc;
            return this;
        }

        /** ZooKeeper connect string for the registry; default env CTEC_ZOOKEEPER_HOSTS; none means no upload. */
        public Builder zookeeper(String hosts) {
            this.zookeeper = hosts;
            return this;
        }

        /** ZooKeeper digest credentials {@code user:password} for an ACL-protected registry; never printed. */
        public Builder zookeeperDigest(String userColonPassword) {
            if (userColonPassword != null && !userColonPassword.contains(":")) {
                throw new ConsumerException("zookeeperDigest must be user:password: pass both, separated by a colon.");
            }
            this.zookeeperDigest = userColonPassword;
            return this;
        }

        /** The registry's root znode; default {@code /ctec-consumer}. */
        public Builder zookeeperRoot(String root) {
            if (root == null || !root.startsWith("/") || (root.length() > 1 && root.endsWith("/"))) {
                throw new ConsumerException("zookeeperRoot was '" + root + "': use an absolute path without a trailing slash, e.g. /ctec-consumer.");
            }
            this.zookeeperRoot = root;
            return this;
        }

        /** How often the agent rewrites the registry entry; default 1 minute. */
        public Builder agentInterval(Duration agentInterval) {
            this.agentInterval = requirePositive("agentInterval", agentInterval);
            return this;
        }

        /** The port of the agent's HTTP endpoint ({@code /metrics}, {@code /health}); default 0 = off. */
        public Builder metricsPort(int port) {
            this.metricsPort = requireRange("metricsPort", port, 0, 65535, "use 0 (off) or a free TCP port");
            return this;
        }

        /**
         * The address {@code /metrics} and {@code /health} listen on; default {@value #DEFAULT_METRICS_BIND}
         * (this host only). "0.0.0.0" serves every interface, e.g. for a scraper on another host.
         */
        public Builder metricsBind(String address) {
            if (address == null || address.isBlank() || address.chars().anyMatch(c -> c <= ' ' || c == '/')) {
                throw new ConsumerException("metricsBind '" + Printable.of(address) + "' is not an address: use an IP address "
                        + "or host name of this machine, e.g. " + DEFAULT_METRICS_BIND + " (default) or 0.0.0.0 (every interface).");
            }
            this.metricsBind = address;
            return this;
        }

        /** THREADS, VIRTUAL_THREADS or PROCESSES; default THREADS. */
        public Builder mode(ConcurrencyMode mode) {
            this.mode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /** Child JVMs in PROCESSES mode; default the number of CPUs. */
        public Builder processes(int processes) {
            this.processes = requireRange("processes", processes, 1, 1024, "use at least 1");
            return this;
        }

        /** How long a stop waits for in-flight workers before closing anyway; default 30 s. */
        public Builder shutdownTimeout(Duration shutdownTimeout) {
            this.shutdownTimeout = requireNotNegative("shutdownTimeout", shutdownTimeout);
            return this;
        }

        /** Attempts a message gets before it is dead-lettered; default 5; attempt n+1 never happens. */
        public Builder maxAttempts(int maxAttempts) {
            this.maxAttempts = requireRange("maxAttempts", maxAttempts, 1, 1_000_000, "use at least 1 (1 = no retries)");
            return this;
        }

        /** How long a failed message waits before its next attempt; default 0 = requeue at once. */
        public Builder retryDelay(Duration retryDelay) {
            this.retryDelay = requireNotNegative("retryDelay", retryDelay);
            return this;
        }

        /** Grows the retry delay by {@code multiplier} per attempt, never beyond {@code max}. */
        public Builder retryBackoff(double multiplier, Duration max) {
            if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
                throw new ConsumerException("retryBackoff multiplier was " + multiplier + ": use a number of at least 1.0 (1.0 = a fixed delay).");
            }
            this.retryBackoffMultiplier = multiplier;
            this.retryBackoffMax = requirePositive("retryBackoff max", max);
            return this;
        }

        /** Where rejected and exhausted messages go when the queue has no dead-letter exchange of its own. */
        public Builder deadLetter(String exchange, String routingKey) {
            this.deadLetterExchange = Objects.requireNonNull(exchange, "dead-letter exchange");
            this.deadLetterRoutingKey = routingKey;
            return this;
        }

        /**
         * The management HTTP port used to read the queue's dead-letter settings; default 15672, or
         * 15671 (the plugin's TLS port, asked over https) with amqps; 0 = never ask.
         */
        public Builder managementPort(int port) {
            this.managementPort = requireRange("managementPort", port, 0, 65535, "use 0 (do not ask) or the management plugin's port");
            return this;
        }

        /**
         * Where the management HTTP API is, e.g. {@code https://rabbit-admin.example:15671} or
         * {@code http://rabbit1:15672/prefix}; it then wins over {@code managementPort}. Default: the
         * broker host named in the URL that the consumer is connected to, https for amqps. The URL's
         * user and password are sent there, so it must be a host you trust; http:// is refused with amqps.
         */
        public Builder managementUrl(String url) {
            this.managementUrl = url == null ? null : ManagementApi.checkedUrl(url, this.url);
            return this;
        }

        /** A worker call running longer than this is logged as slow (once per call); default 5 minutes. */
        public Builder slowWorkerWarning(Duration threshold) {
            this.slowWorkerWarning = requirePositive("slowWorkerWarning", threshold);
            return this;
        }

        /** Adds a listener that watches this consumer (metrics, tests, tools). */
        public Builder listener(ConsumerListener listener) {
            this.listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /** Validates the combination of options and creates the consumer. */
        public Consumer build() {
            if (batchSize > prefetch) {
                throw new ConsumerException("batchSize " + batchSize + " is larger than prefetch " + prefetch
                        + ", so a full batch could never arrive: set prefetch(" + batchSize + ") or more.");
            }
            Duration backoffMax = retryBackoffMax.isZero() ? retryDelay : retryBackoffMax;
            return new Consumer(new Settings(url, queue, logger, prefetch, threads, heartbeat, consumerTag, rpc,
                    batchSize, batchTimeout, agent, appName, appDesc, blankToNull(zookeeper), zookeeperDigest,
                    zookeeperRoot, agentInterval, metricsPort, metricsBind, mode, processes, shutdownTimeout, maxAttempts,
                    retryDelay, retryBackoffMultiplier, backoffMax, deadLetterExchange, deadLetterRoutingKey,
                    managementPort >= 0 ? managementPort : url.tls() ? 15671 : 15672, managementUrl, slowWorkerWarning,
                    List.copyOf(listeners)));
        }

        private static String blankToNull(String s) {
            return s == null || s.isBlank() ? null : s.trim();
        }

        private static int requireRange(String name, int value, int min, int max, String fix) {
            if (value < min || value > max) {
                throw new ConsumerException(name + " was " + value + ": " + fix + ".");
            }
            return value;
        }

        private static Duration requireNotNegative(String name, Duration value) {
            if (value == null || value.isNegative()) {
                throw new ConsumerException(name + " was " + value + ": use zero or a positive duration.");
            }
            return value;
        }

        private static Duration requirePositive(String name, Duration value) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw new ConsumerException(name + " was " + value + ": use a positive duration.");
            }
            return value;
        }
    }
}
