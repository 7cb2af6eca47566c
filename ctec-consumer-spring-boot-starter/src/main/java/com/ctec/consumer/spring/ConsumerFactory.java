package com.ctec.consumer.spring;

import com.ctec.consumer.ConcurrencyMode;
import com.ctec.consumer.Consumer;
import com.ctec.consumer.ConsumerException;
import com.ctec.consumer.spi.ConsumerListener;
import org.springframework.boot.convert.DurationStyle;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Builds the {@link Consumer} of one named consumer from its own settings over the shared ones.
 * A bad value or combination is a {@link ConsumerException} of one sentence that names the
 * consumer and the property it came from, e.g. {@code ctec.consumer.consumers.orders.prefetch}.
 */
final class ConsumerFactory {
    static final String DEFAULT_URL = "amqp://guest:guest@127.0.0.1:5672/";

    /** Every setting applied by one builder call, by its property name (the CLI's key). */
    private static final List<Option<?>> OPTIONS = List.of(
            new Option<>("prefetch", ConsumerSettings::getPrefetch, Consumer.Builder::prefetch),
            new Option<>("threads", ConsumerSettings::getThreads, Consumer.Builder::threads),
            new Option<>("mode", ConsumerSettings::getMode, ConsumerFactory::mode),
            new Option<>("batch-size", ConsumerSettings::getBatchSize, Consumer.Builder::batchSize),
            new Option<>("batch-timeout", ConsumerSettings::getBatchTimeout, Consumer.Builder::batchTimeout),
            new Option<>("heartbeat", ConsumerSettings::getHeartbeat, Consumer.Builder::heartbeat),
            new Option<>("consumer-tag", ConsumerSettings::getConsumerTag, Consumer.Builder::consumerTag),
            new Option<>("rpc", ConsumerSettings::getRpc, Consumer.Builder::rpc),
            new Option<>("max-attempts", ConsumerSettings::getMaxAttempts, Consumer.Builder::maxAttempts),
            new Option<>("retry-delay", ConsumerSettings::getRetryDelay, Consumer.Builder::retryDelay),
            new Option<>("retry-backoff", ConsumerSettings::getRetryBackoff, ConsumerFactory::retryBackoff),
            new Option<>("shutdown-timeout", ConsumerSettings::getShutdownTimeout, Consumer.Builder::shutdownTimeout),
            new Option<>("slow-worker-warning", ConsumerSettings::getSlowWorkerWarning, Consumer.Builder::slowWorkerWarning),
            new Option<>("management-port", ConsumerSettings::getManagementPort, Consumer.Builder::managementPort),
            new Option<>("management-url", ConsumerSettings::getManagementUrl, Consumer.Builder::managementUrl),
            new Option<>("app-desc", ConsumerSettings::getAppDesc, Consumer.Builder::appDesc),
            new Option<>("agent", ConsumerSettings::getAgent, Consumer.Builder::agent),
            new Option<>("zookeeper", ConsumerSettings::getZookeeper, Consumer.Builder::zookeeper),
            new Option<>("zookeeper-digest", ConsumerSettings::getZookeeperDigest, Consumer.Builder::zookeeperDigest),
            new Option<>("zookeeper-root", ConsumerSettings::getZookeeperRoot, Consumer.Builder::zookeeperRoot),
            new Option<>("agent-interval", ConsumerSettings::getAgentInterval, Consumer.Builder::agentInterval),
            new Option<>("metrics-port", ConsumerSettings::getMetricsPort, Consumer.Builder::metricsPort),
            new Option<>("metrics-bind", ConsumerSettings::getMetricsBind, Consumer.Builder::metricsBind));

    private final ConsumerSettings shared;
    private final String defaultAppName;

    /** {@code defaultAppName} (spring.application.name) stands in when no app-name is set; null: the queue does. */
    ConsumerFactory(ConsumerSettings shared, String defaultAppName) {
        this.shared = shared;
        this.defaultAppName = defaultAppName;
    }

    /** The queue the consumer named {@code name} consumes, or null when none is set. */
    String queue(ConsumerSettings own) {
        return pick(own, ConsumerSettings::getQueue);
    }

    /** The bean named as its worker, or null. */
    String workerBean(ConsumerSettings own) {
        return pick(own, ConsumerSettings::getWorker);
    }

    /** The batch size the consumer will have (1 when none is set). */
    int batchSize(ConsumerSettings own) {
        Integer size = pick(own, ConsumerSettings::getBatchSize);
        return size == null ? 1 : size;
    }

    Consumer build(String name, ConsumerSettings own, ConsumerListener listener) {
        String queue = queue(own);
        if (queue == null || queue.isBlank()) {
            throw new ConsumerException("Consumer '" + name + "' has no queue: set " + CtecConsumerProperties.PREFIX
                    + ".consumers." + name + ".queue.");
        }
        String url = pick(own, ConsumerSettings::getUrl);
        Consumer.Builder builder = guarded(name, own, "url", ConsumerSettings::getUrl,
                () -> Consumer.builder(url == null ? DEFAULT_URL : url, queue));
        for (Option<?> option : OPTIONS) {
            apply(name, own, option, builder);
        }
        String appName = pick(own, ConsumerSettings::getAppName);
        guarded(name, own, "app-name", ConsumerSettings::getAppName,
                () -> builder.appName(appName != null ? appName : defaultAppName));
        String exchange = pick(own, ConsumerSettings::getDeadLetterExchange);
        if (exchange != null) {
            String key = pick(own, ConsumerSettings::getDeadLetterRoutingKey);
            guarded(name, own, "dead-letter-exchange", ConsumerSettings::getDeadLetterExchange, () -> builder.deadLetter(exchange, key));
        }
        builder.listener(listener);
        return guarded(name, own, null, null, builder::build);
    }

    private <T> void apply(String name, ConsumerSettings own, Option<T> option, Consumer.Builder builder) {
        T value = pick(own, option.getter());
        if (value != null) {
            guarded(name, own, option.key(), option.getter(), () -> {
                option.setter().accept(builder, value);
                return builder;
            });
        }
    }

    private <T> T pick(ConsumerSettings own, Function<ConsumerSettings, T> getter) {
        T value = getter.apply(own);
        return value != null ? value : getter.apply(shared);
    }

    /** Runs one builder step; its error becomes one sentence naming the consumer and the property. */
    private <R> R guarded(String name, ConsumerSettings own, String key, Function<ConsumerSettings, ?> getter,
                          java.util.function.Supplier<R> step) {
        try {
            return step.get();
        } catch (ConsumerException | IllegalArgumentException e) {
            String message = e.getMessage().endsWith(".") ? e.getMessage().substring(0, e.getMessage().length() - 1) : e.getMessage();
            String property = key == null ? "" : " (" + CtecConsumerProperties.PREFIX
                    + (getter.apply(own) != null ? ".consumers." + name : "") + "." + key + ")";
            throw new ConsumerException("Consumer '" + name + "': " + message + property + ".", e);
        }
    }

    private static void mode(Consumer.Builder builder, ConcurrencyMode mode) {
        if (mode == ConcurrencyMode.PROCESSES) {
            throw new ConsumerException("mode PROCESSES starts child JVMs from a main of its own and cannot run inside "
                    + "Spring Boot: use THREADS or VIRTUAL_THREADS, and more instances of the service for more cores");
        }
        builder.mode(mode);
    }

    /** {@code MULT,MAX} as in the CLI, e.g. {@code 2,5m}. */
    private static void retryBackoff(Consumer.Builder builder, String value) {
        String[] parts = value.split(",", 2);
        if (parts.length != 2) {
            throw new IllegalArgumentException("retry-backoff was '" + value + "': write MULTIPLIER,MAX such as 2,5m");
        }
        double multiplier;
        try {
            multiplier = Double.parseDouble(parts[0].trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("retry-backoff multiplier was '" + parts[0].trim() + "': write a number such as 2", e);
        }
        Duration max = DurationStyle.detectAndParse(parts[1].trim(), ChronoUnit.SECONDS);
        builder.retryBackoff(multiplier, max);
    }

    private record Option<T>(String key, Function<ConsumerSettings, T> getter, BiConsumer<Consumer.Builder, T> setter) {
    }
}
