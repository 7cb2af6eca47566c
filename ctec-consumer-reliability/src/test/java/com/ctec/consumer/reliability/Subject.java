package com.ctec.consumer.reliability;

/** A consumer under test, in this JVM or in child processes, reporting each handled id to a {@link Checker}. */
interface Subject extends AutoCloseable {
    void start();

    /** Stops gracefully and waits. */
    @Override
    void close();

    /** Thread dumps and the consumer's last log lines, for a run that hung or lost messages. */
    String diagnostics();

    /** What the consumer logged so far. */
    String log();
}
