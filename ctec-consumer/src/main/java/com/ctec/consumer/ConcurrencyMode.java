package com.ctec.consumer;

/** How a consumer runs its workers (seed: dummy, gevent and process versions). */
public enum ConcurrencyMode {
    /** A pool of {@code threads} platform threads (seed: {@code ctec_consumer.dummy}). */
    THREADS,
    /** One virtual thread per delivery in flight, up to {@code prefetch} (seed: {@code ctec_consumer.gevent}). */
    VIRTUAL_THREADS,
    /** {@code processes} child JVMs, each running the same program in THREADS mode (seed: 进程版). */
    PROCESSES
}
