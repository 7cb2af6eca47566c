package com.ctec.consumer.spring;

import com.ctec.consumer.BatchWorker;
import com.ctec.consumer.Consumer;
import com.ctec.consumer.ConsumerException;
import com.ctec.consumer.Worker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.BeanNameAware;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The application's consumers. They are built once every singleton exists (so a bad setting or a
 * missing worker fails the context before the web server opens), start after the web server
 * ({@link #PHASE}) and stop first on context close: all of them drain at once, each within its
 * {@code shutdown-timeout}. A consumer that cannot start fails the context with its one sentence
 * (e.g. the queue does not exist), after the ones already started were stopped.
 *
 * <p>SIGTERM: the core's signal handling, which {@code Consumer.start()} installs, drains the
 * consumers first, while the whole context still serves them, then hands the signal on to the
 * JVM, whose shutdown hook is Spring's: the context closes and {@link #stop(Runnable)} finds the
 * consumers stopped. See docs/spring-boot.md.
 */
public final class CtecConsumers implements SmartInitializingSingleton, SmartLifecycle, DisposableBean, BeanNameAware {
    /** After the web server (and its graceful shutdown) start, before beans of the default phase; the first to stop. */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 512;

    private static final Logger LOG = LoggerFactory.getLogger(CtecConsumers.class);
    private static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

    private final CtecConsumerProperties properties;
    private final ConsumerFactory factory;
    private final WorkerMethods methods;
    private final ConfigurableListableBeanFactory beans;
    private final Duration shutdownPhase;
    private final Map<String, ManagedConsumer> consumers = new LinkedHashMap<>();
    private String beanName = "ctecConsumers";
    private volatile boolean running;

    CtecConsumers(CtecConsumerProperties properties, ConsumerFactory factory, WorkerMethods methods,
                  ConfigurableListableBeanFactory beans, Duration shutdownPhase) {
        this.properties = properties;
        this.factory = factory;
        this.methods = methods;
        this.beans = beans;
        this.shutdownPhase = shutdownPhase;
    }

    /** The consumers by name, in the order of the configuration. */
    public Map<String, ManagedConsumer> all() {
        return Collections.unmodifiableMap(consumers);
    }

    /** The consumer of that name, if there is one. */
    public Optional<ManagedConsumer> get(String name) {
        return Optional.ofNullable(consumers.get(name));
    }

    /** The names, in the order of the configuration. */
    public List<String> names() {
        return List.copyOf(consumers.keySet());
    }

    @Override
    public void setBeanName(String name) {
        this.beanName = name;
    }

    @Override
    public void afterSingletonsInstantiated() {
        Map<String, ConsumerSettings> configured = new LinkedHashMap<>(properties.getConsumers());
        List<WorkerMethods.Found> found = methods.found();
        for (WorkerMethods.Found method : found) {
            if (method.consumer() != null && !configured.containsKey(method.consumer())) {
                throw new ConsumerException(method.description() + " names consumer '" + method.consumer()
                        + "', which is not configured: add " + CtecConsumerProperties.PREFIX + ".consumers." + method.consumer()
                        + ".queue, or name one of " + configured.keySet() + ".");
            }
            if (method.queue() != null && configured.values().stream().noneMatch(s -> method.queue().equals(factory.queue(s)))) {
                // A queue no consumer names gets a consumer of its own, with the shared settings.
                ConsumerSettings implicit = new ConsumerSettings();
                implicit.setQueue(method.queue());
                configured.putIfAbsent(method.queue(), implicit);
            }
        }
        for (Map.Entry<String, ConsumerSettings> entry : configured.entrySet()) {
            consumers.put(entry.getKey(), create(entry.getKey(), entry.getValue(), found));
        }
        warnIfTheShutdownPhaseIsShorter(configured.values());
    }

    private ManagedConsumer create(String name, ConsumerSettings own, List<WorkerMethods.Found> found) {
        String queue = factory.queue(own);
        List<String> candidates = new ArrayList<>();
        Object worker = null;
        String workerBean = factory.workerBean(own);
        if (workerBean != null) {
            worker = workerBean(name, workerBean);
            candidates.add("bean '" + workerBean + "'");
        }
        for (WorkerMethods.Found method : found) {
            if (name.equals(method.consumer()) || (method.queue() != null && method.queue().equals(queue))) {
                worker = method.worker();
                candidates.add(method.description());
                beans.registerDependentBean(method.beanName(), beanName);
            }
        }
        if (candidates.isEmpty()) {
            throw new ConsumerException("Consumer '" + name + "' has no worker: set " + CtecConsumerProperties.PREFIX + ".consumers."
                    + name + ".worker to the name of a Worker or BatchWorker bean, or annotate a method with @CtecWorker(consumer = \""
                    + name + "\").");
        }
        if (candidates.size() > 1) {
            throw new ConsumerException("Consumer '" + name + "' has " + candidates.size() + " workers (" + String.join(", ", candidates)
                    + "): keep one of them.");
        }
        StateWatch watch = new StateWatch();
        Consumer consumer = factory.build(name, own, watch);
        register(name, consumer, worker, factory.batchSize(own));
        return new ManagedConsumer(name, queue, candidates.get(0), consumer, watch);
    }

    private Object workerBean(String consumer, String name) {
        Object bean;
        try {
            bean = beans.getBean(name);
        } catch (NoSuchBeanDefinitionException e) {
            throw new ConsumerException("Consumer '" + consumer + "' names worker bean '" + name + "', which does not exist: name one of "
                    + workerBeanNames() + ", or annotate a method with @CtecWorker(consumer = \"" + consumer + "\").", e);
        }
        if (!(bean instanceof Worker) && !(bean instanceof BatchWorker)) {
            throw new ConsumerException("Consumer '" + consumer + "' names worker bean '" + name + "', a " + bean.getClass().getName()
                    + ", which is neither a Worker nor a BatchWorker: name one of " + workerBeanNames() + ".");
        }
        // The worker bean must outlive the consumers: Spring then destroys it after them.
        beans.registerDependentBean(name, beanName);
        return bean;
    }

    private List<String> workerBeanNames() {
        List<String> names = new ArrayList<>(Arrays.asList(beans.getBeanNamesForType(Worker.class, false, false)));
        names.addAll(Arrays.asList(beans.getBeanNamesForType(BatchWorker.class, false, false)));
        return names;
    }

    private static void register(String name, Consumer consumer, Object worker, int batchSize) {
        try {
            if (worker instanceof BatchWorker batch && (!(worker instanceof Worker) || batchSize > 1)) {
                consumer.registerBatchWorker(batch);
            } else {
                consumer.registerWorker((Worker) worker);
            }
        } catch (ConsumerException e) {
            throw new ConsumerException("Consumer '" + name + "': " + e.getMessage(), e);
        }
    }

    private void warnIfTheShutdownPhaseIsShorter(Iterable<ConsumerSettings> settings) {
        Duration longest = DEFAULT_SHUTDOWN_TIMEOUT;
        for (ConsumerSettings own : settings) {
            Duration timeout = own.getShutdownTimeout() != null ? own.getShutdownTimeout() : properties.getShutdownTimeout();
            if (timeout != null && timeout.compareTo(longest) > 0) {
                longest = timeout;
            }
        }
        if (longest.compareTo(shutdownPhase) > 0) {
            LOG.warn("A consumer's shutdown-timeout ({}) is longer than spring.lifecycle.timeout-per-shutdown-phase ({}): Spring "
                    + "would go on closing the context while messages are still in flight; set that property to {} or more.",
                    longest, shutdownPhase, longest.plusSeconds(5));
        }
    }

    @Override
    public void start() {
        List<ManagedConsumer> started = new ArrayList<>();
        for (ManagedConsumer consumer : consumers.values()) {
            try {
                consumer.start();
            } catch (ConsumerException e) {
                started.forEach(ManagedConsumer::close);
                throw new ConsumerException("Consumer '" + consumer.name() + "' did not start: " + e.getMessage(), e);
            }
            started.add(consumer);
        }
        running = true;
    }

    /** Every consumer starts draining at once; {@code callback} runs when all have stopped. */
    @Override
    public void stop(Runnable callback) {
        running = false;
        consumers.values().forEach(ManagedConsumer::stop);
        Thread.ofPlatform().name("ctec-consumers-stop").start(() -> {
            try {
                consumers.values().forEach(ManagedConsumer::close);
            } finally {
                callback.run();
            }
        });
    }

    @Override
    public void stop() {
        running = false;
        consumers.values().forEach(ManagedConsumer::stop);
        consumers.values().forEach(ManagedConsumer::close);
    }

    /** Waits for the consumers when Spring's shutdown phase ended before they had drained. */
    @Override
    public void destroy() {
        stop();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
