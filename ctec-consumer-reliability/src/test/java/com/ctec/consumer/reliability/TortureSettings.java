package com.ctec.consumer.reliability;

import com.ctec.consumer.Consumer;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * What a torture run adds to a {@link Setup}: the seed and the choices its workers draw from, and
 * the retry settings and RPC flag of the consumer. The same in this JVM and in a child process
 * ({@link #args()} / {@link #parse}).
 */
record TortureSettings(long seed, Set<Choice> choices, int maxAttempts, long retryDelayMillis, boolean rpc) {

    Consumer.Builder apply(Consumer.Builder builder) {
        return builder.maxAttempts(maxAttempts).retryDelay(Duration.ofMillis(retryDelayMillis)).rpc(rpc);
    }

    TortureWorker worker(Targets targets, TortureWorker.Journal journal) {
        return new TortureWorker(new Choices(seed, choices), targets, journal);
    }

    /** Registers the torture worker (a batch worker when the setup has batches) on a consumer. */
    void register(Consumer consumer, Setup setup, TortureWorker.Journal journal) {
        TortureWorker worker = worker(new Targets(setup.queue()), journal);
        if (setup.batchSize() > 1) {
            consumer.registerBatchWorker(worker::handleBatch);
        } else {
            consumer.registerWorker(worker::handle);
        }
    }

    List<String> args() {
        return List.of(Long.toString(seed), new Choices(seed, choices).arg(), Integer.toString(maxAttempts),
                Long.toString(retryDelayMillis), Boolean.toString(rpc));
    }

    static TortureSettings parse(String[] a, int from) {
        return new TortureSettings(Long.parseLong(a[from]), Choices.parse(a[from + 1]), Integer.parseInt(a[from + 2]),
                Long.parseLong(a[from + 3]), Boolean.parseBoolean(a[from + 4]));
    }

    String describe() {
        return "maxAttempts " + maxAttempts + ", retryDelay " + retryDelayMillis + " ms" + (rpc ? ", rpc" : "");
    }
}
