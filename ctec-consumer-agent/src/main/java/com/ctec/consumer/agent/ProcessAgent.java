package com.ctec.consumer.agent;

import com.ctec.consumer.agent.registry.RegistryPaths;
import com.ctec.consumer.spi.ConsumerInfo;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

/**
 * The monitoring agent of this JVM: what its consumers share. Consumers naming the same ZooKeeper
 * registry and app share one {@link ZooKeeperReporter} (one znode); consumers naming the same
 * {@code metricsPort} share one {@link MetricsEndpoint}. The {@link AgentThread} and the
 * {@link Sampler} exist while at least one consumer reports to ZooKeeper; they sample at the
 * {@code agentInterval} of the consumer that started them. Every consumer's meters also go to the
 * application's registries bound with {@link AgentMeterBinder} (none: they cost a no-op per hook).
 *
 * <p>Attach and detach (consumer start and stop) take this object's lock; message hooks never do.
 */
final class ProcessAgent {
    static final Logger LOG = LoggerFactory.getLogger("ctec.consumer.agent");
    private static final ProcessAgent INSTANCE = new ProcessAgent();
    /** Where "now" comes from: the wall clock; tests move it to close hours without waiting for them. */
    private static volatile LongSupplier clock = System::currentTimeMillis;

    /** After a minute's start, so that a timer firing a little early still falls in the new minute. */
    private static final long MINUTE_START_DELAY_MS = 50;

    private final Map<ZooKeeperReporter.Key, ZooKeeperReporter> reporters = new HashMap<>();
    private final Map<Integer, MetricsEndpoint> endpoints = new HashMap<>();
    private final CompositeMeterRegistry applicationRegistries = new CompositeMeterRegistry();
    private final MetricsEndpoint applicationMeters = MetricsEndpoint.withoutServer(applicationRegistries);
    private AgentThread thread;
    private Sampler sampler;

    static ProcessAgent instance() {
        return INSTANCE;
    }

    static long now() {
        return clock.getAsLong();
    }

    /** For tests: the agent's time from now on. */
    static void clock(LongSupplier source) {
        clock = source;
    }

    synchronized void attach(ConsumerTap tap) {
        ConsumerInfo info = tap.info();
        if (info.zookeeper().isPresent()) {
            if (thread == null) {
                startSampling(info);
            }
            ZooKeeperReporter reporter = reporters.computeIfAbsent(ZooKeeperReporter.Key.of(tap),
                    key -> new ZooKeeperReporter(key, thread, sampler, now()));
            tap.reporter(reporter);
            reporter.attach(tap);
        }
        // The consumer's counters go to every registry that shows it: the application's, and its port's.
        CompositeMeterRegistry counters = new CompositeMeterRegistry();
        counters.add(applicationRegistries);
        Tags tags = applicationMeters.attach(tap);
        int port = info.metricsPort();
        if (port > 0) {
            MetricsEndpoint endpoint = endpoints.get(port);
            if (endpoint == null) {
                endpoint = MetricsEndpoint.open(info.metricsBind(), port).orElse(null);
                if (endpoint != null) {
                    endpoints.put(port, endpoint);
                }
            }
            if (endpoint != null) {
                endpoint.attach(tap);
                counters.add(endpoint.registry());
            }
        }
        tap.meters(new ConsumerMeters(counters, tags));
    }

    /** Adds an application's registry: the meters of every consumer, present and future, show there too. */
    void bind(MeterRegistry registry) {
        applicationRegistries.add(registry);
    }

    void unbind(MeterRegistry registry) {
        applicationRegistries.remove(registry);
    }

    /** Detaches a stopped consumer; the future completes once its registry entry is rewritten or deleted. */
    synchronized CompletableFuture<Void> detach(ConsumerTap tap) {
        CompletableFuture<Void> done = CompletableFuture.completedFuture(null);
        ZooKeeperReporter reporter = tap.reporter();
        if (reporter != null && reporter.detach(tap)) {
            reporters.remove(reporter.key());
            done = thread.submit(reporter::close);
            if (reporters.isEmpty()) {
                thread.shutdown();
                thread = null;
                sampler = null;
            }
        }
        MetricsEndpoint endpoint = endpoints.get(tap.info().metricsPort());
        if (endpoint != null && endpoint.allStopped()) {
            endpoints.remove(tap.info().metricsPort());
            endpoint.close();
        }
        return done;
    }

    /**
     * Samples at every agent interval (then rewrites the entries) and just after every minute's
     * start (so each minute closes on time whatever the interval).
     */
    private void startSampling(ConsumerInfo info) {
        AgentThread started = new AgentThread();
        Sampler fresh = new Sampler(info.agentInterval(), now());
        started.every(info.agentInterval(), () -> tick(fresh, true));
        long wall = System.currentTimeMillis();
        long toNextMinute = RegistryPaths.minuteOf(wall) + RegistryPaths.MINUTE_MS - wall + MINUTE_START_DELAY_MS;
        started.every(Duration.ofMillis(toNextMinute), Duration.ofMillis(RegistryPaths.MINUTE_MS), () -> tick(fresh, false));
        thread = started;
        sampler = fresh;
    }

    private void tick(Sampler ticking, boolean publish) {
        long now = now();
        ticking.record(now);
        List<ZooKeeperReporter> current;
        synchronized (this) {
            current = List.copyOf(reporters.values());
        }
        for (ZooKeeperReporter reporter : current) {
            if (publish) {
                reporter.tick(now);
            } else {
                reporter.record(now);
            }
        }
    }
}
