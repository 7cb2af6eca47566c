package com.ctec.consumer.reliability;

import com.ctec.consumer.ConcurrencyMode;
import com.ctec.consumer.Consumer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How the consumer under test is configured: the same in this JVM and in a child process
 * ({@link #args()} / {@link #parse}). {@code workMillis} is what each worker call takes (a batch
 * call too), which paces a run so that faults land in the middle of it.
 */
record Setup(String url, String queue, ConcurrencyMode mode, int processes, int batchSize, int prefetch, int threads,
             Duration heartbeat, int managementPort, long workMillis, Duration shutdownTimeout) {

    static Setup of(String url, String queue, int managementPort) {
        return new Setup(url, queue, ConcurrencyMode.THREADS, 1, 1, 50, 5, Duration.ofSeconds(5), managementPort, 0,
                Duration.ofSeconds(20));
    }

    Setup mode(ConcurrencyMode mode) {
        return new Setup(url, queue, mode, processes, batchSize, prefetch, threads, heartbeat, managementPort, workMillis, shutdownTimeout);
    }

    Setup processes(int processes) {
        return new Setup(url, queue, ConcurrencyMode.PROCESSES, processes, batchSize, prefetch, threads, heartbeat, managementPort,
                workMillis, shutdownTimeout);
    }

    Setup batchSize(int batchSize) {
        return new Setup(url, queue, mode, processes, batchSize, prefetch, threads, heartbeat, managementPort, workMillis, shutdownTimeout);
    }

    Setup prefetch(int prefetch) {
        return new Setup(url, queue, mode, processes, batchSize, prefetch, threads, heartbeat, managementPort, workMillis, shutdownTimeout);
    }

    Setup heartbeat(Duration heartbeat) {
        return new Setup(url, queue, mode, processes, batchSize, prefetch, threads, heartbeat, managementPort, workMillis, shutdownTimeout);
    }

    Setup workMillis(long workMillis) {
        return new Setup(url, queue, mode, processes, batchSize, prefetch, threads, heartbeat, managementPort, workMillis, shutdownTimeout);
    }

    Setup url(String url) {
        return new Setup(url, queue, mode, processes, batchSize, prefetch, threads, heartbeat, managementPort, workMillis, shutdownTimeout);
    }

    /** Consumers reading the queue at once: the child processes, else one. */
    int consumers() {
        return mode == ConcurrencyMode.PROCESSES ? processes : 1;
    }

    /** The most messages that can be delivered and unacknowledged at once: what a fault may duplicate. */
    int window() {
        return prefetch * consumers();
    }

    /** What the report calls the mode. */
    String describe() {
        String name = switch (mode) {
            case THREADS -> "THREADS";
            case VIRTUAL_THREADS -> "VIRTUAL_THREADS";
            case PROCESSES -> "PROCESSES x" + processes;
        };
        return batchSize > 1 ? name + " batch " + batchSize : name;
    }

    /** A consumer builder with these settings; the caller adds the logger, listener and worker. */
    Consumer.Builder builder() {
        Consumer.Builder builder = Consumer.builder(url, queue).mode(mode).prefetch(prefetch).threads(threads)
                .heartbeat(heartbeat).managementPort(managementPort).agent(false).shutdownTimeout(shutdownTimeout)
                .slowWorkerWarning(Duration.ofSeconds(60));
        if (mode == ConcurrencyMode.PROCESSES) {
            builder.processes(processes);
        }
        if (batchSize > 1) {
            builder.batchSize(batchSize).batchTimeout(Duration.ofMillis(200));
        }
        return builder;
    }

    List<String> args() {
        List<String> args = new ArrayList<>();
        for (Object value : List.of(url, queue, mode, processes, batchSize, prefetch, threads, heartbeat.toMillis(), managementPort,
                workMillis, shutdownTimeout.toMillis())) {
            args.add(String.valueOf(value));
        }
        return args;
    }

    static Setup parse(String[] a, int from) {
        return new Setup(a[from], a[from + 1], ConcurrencyMode.valueOf(a[from + 2]), Integer.parseInt(a[from + 3]),
                Integer.parseInt(a[from + 4]), Integer.parseInt(a[from + 5]), Integer.parseInt(a[from + 6]),
                Duration.ofMillis(Long.parseLong(a[from + 7])), Integer.parseInt(a[from + 8]), Long.parseLong(a[from + 9]),
                Duration.ofMillis(Long.parseLong(a[from + 10])));
    }
}
