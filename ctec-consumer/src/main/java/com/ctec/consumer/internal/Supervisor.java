package com.ctec.consumer.internal;

import com.ctec.consumer.ConsumerException;

/** PROCESSES mode: the launching JVM supervises child JVMs that consume (see docs/processes.md). */
public final class Supervisor {
    /** Set in a child's environment: the child consumes in THREADS mode instead of supervising. */
    public static final String CHILD_ENV = "CTEC_CONSUMER_CHILD";

    private final Settings settings;

    public Supervisor(Settings settings) {
        this.settings = settings;
    }

    /** Whether this JVM is a child started by a supervisor. */
    public static boolean isChild() {
        return System.getenv(CHILD_ENV) != null;
    }

    /** Starts the children and blocks until they have all stopped. */
    public void run() {
        throw new ConsumerException("PROCESSES mode is not available in this build for queue " + settings.queue()
                + ": use THREADS or VIRTUAL_THREADS.");
    }
}
