package com.ctec.consumer.cli;

import com.ctec.consumer.BatchWorker;
import com.ctec.consumer.Consumer;
import com.ctec.consumer.ConsumerException;
import com.ctec.consumer.Worker;
import com.ctec.consumer.spi.ConsumerListener;

import java.util.Map;

/** Turns one consumer's resolved settings into a built {@link Consumer} with its worker registered. */
final class ConsumerFactory {
    private final WorkerLoader workers;
    private final Credentials credentials;
    private final boolean several;

    ConsumerFactory(WorkerLoader workers, Credentials credentials, boolean several) {
        this.workers = workers;
        this.credentials = credentials;
        this.several = several;
    }

    /** Builds the consumer; a bad value or combination is a usage error naming the setting and its source. */
    Consumer build(RunPlan.Spec spec, ConsumerListener listener) {
        String queue = spec.get(Setting.QUEUE).orElseThrow();
        Consumer.Builder builder = guarded(spec, Setting.URL,
                () -> Consumer.builder(credentials.url(spec.get(Setting.URL)), queue));
        // The file's digest, unless a flag, a variable or the config file names one (applied below, so it wins).
        credentials.zookeeperDigest().ifPresent(builder::zookeeperDigest);
        for (Map.Entry<Setting, Sourced> entry : spec.settings().entrySet()) {
            Setting setting = entry.getKey();
            if (setting.appliesToBuilder()) {
                guarded(spec, setting, () -> {
                    setting.apply(builder, entry.getValue().value());
                    return builder;
                });
            }
        }
        spec.get(Setting.DEAD_LETTER_EXCHANGE).ifPresent(exchange -> guarded(spec, Setting.DEAD_LETTER_EXCHANGE,
                () -> builder.deadLetter(exchange, spec.get(Setting.DEAD_LETTER_ROUTING_KEY).orElse(null))));
        if (spec.get(Setting.APP_NAME).isEmpty()) {
            builder.appName("ctec-consumer");
        }
        builder.listener(listener);
        Consumer consumer = guarded(spec, null, builder::build);
        Object worker = workers.create(spec.get(Setting.WORKER).orElseThrow());
        guarded(spec, Setting.WORKER, () -> {
            int batchSize = spec.get(Setting.BATCH_SIZE).map(Values::integer).orElse(1);
            if (worker instanceof BatchWorker batch && (!(worker instanceof Worker) || batchSize > 1)) {
                requireBatches(spec, worker, batchSize);
                consumer.registerBatchWorker(batch);
            } else if (batchSize > 1) {
                throw CliException.usage(prefix(spec) + worker.getClass().getName() + " takes one message at a time but batch-size is "
                        + batchSize + ": use a BatchWorker (e.g. PrintBatchWorker), or batch-size 1.");
            } else {
                consumer.registerWorker((Worker) worker);
            }
            return consumer;
        });
        return consumer;
    }

    private void requireBatches(RunPlan.Spec spec, Object worker, int batchSize) {
        if (batchSize <= 1) {
            throw CliException.usage(prefix(spec) + worker.getClass().getName()
                    + " is a BatchWorker but batch-size is " + batchSize + ": set --batch-size (or batch-size: in the file) to more than 1.");
        }
    }

    private <T> T guarded(RunPlan.Spec spec, Setting setting, java.util.function.Supplier<T> step) {
        try {
            return step.get();
        } catch (IllegalArgumentException | ConsumerException e) {
            Sourced source = setting == null ? null : spec.source(setting);
            String origin = source == null ? "" : " (" + setting.key() + " from " + source.source() + ")";
            String message = e instanceof ConsumerException || source == null ? e.getMessage()
                    : setting.key() + " was '" + source.value() + "': " + e.getMessage();
            throw CliException.usage(prefix(spec) + stripPeriod(message) + origin + ".", e);
        }
    }

    private String prefix(RunPlan.Spec spec) {
        return several ? "Consumer '" + spec.name() + "': " : "";
    }

    private static String stripPeriod(String s) {
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
}
