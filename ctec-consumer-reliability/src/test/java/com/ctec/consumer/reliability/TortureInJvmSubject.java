package com.ctec.consumer.reliability;

import com.ctec.consumer.Consumer;

/** The torture consumer in this JVM (THREADS or VIRTUAL_THREADS, single messages or batches); each start builds a new one. */
final class TortureInJvmSubject implements Subject {
    private final Setup setup;
    private final TortureSettings torture;
    private final Handlings handlings;
    private final CapturingLogger logger;
    private Consumer consumer;

    TortureInJvmSubject(Setup setup, TortureSettings torture, Handlings handlings) {
        this.setup = setup;
        this.torture = torture;
        this.handlings = handlings;
        this.logger = new CapturingLogger("torture[" + setup.describe() + "]");
    }

    @Override
    public void start() {
        consumer = torture.apply(setup.builder().logger(logger)).build();
        torture.register(consumer, setup, handlings);
        consumer.start();
    }

    @Override
    public void close() {
        if (consumer != null) {
            consumer.close();
        }
    }

    @Override
    public String diagnostics() {
        return InJvmSubject.diagnostics(consumer, logger);
    }

    @Override
    public String log() {
        return logger.all();
    }
}
