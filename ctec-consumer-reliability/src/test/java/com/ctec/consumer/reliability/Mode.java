package com.ctec.consumer.reliability;

import com.ctec.consumer.ConcurrencyMode;

import java.nio.file.Path;
import java.util.function.Function;

/**
 * The consumer configurations the fault scenarios run in, each paced to about 1,000 messages a
 * second so that a run of 20,000 lasts long enough for three faults: THREADS (5 threads),
 * VIRTUAL_THREADS (up to prefetch calls at once), batches of 10, and PROCESSES (two child JVMs).
 */
enum Mode {
    THREADS, VIRTUAL_THREADS, BATCH, PROCESSES;

    Setup setup(String url, String queue, int managementPort) {
        Setup base = Setup.of(url, queue, managementPort).prefetch(50);
        return switch (this) {
            case THREADS -> base.workMillis(5);
            case VIRTUAL_THREADS -> base.mode(ConcurrencyMode.VIRTUAL_THREADS).workMillis(50);
            case BATCH -> base.batchSize(10).workMillis(50);
            case PROCESSES -> base.processes(2).workMillis(10);
        };
    }

    /** The consumer under test for this mode: child JVMs for PROCESSES, else this JVM. */
    Function<Checker, Subject> subjects(Setup setup, Path dir) {
        return checker -> this == PROCESSES ? new ProcessSubject(setup, checker, dir) : new InJvmSubject(setup, checker);
    }
}
