package com.ctec.consumer.reliability;

import com.ctec.consumer.ConsumeResult;
import com.ctec.consumer.Consumer;
import com.ctec.consumer.WorkerMessage;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.Arrays;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/** The consumer under test in this JVM (THREADS or VIRTUAL_THREADS, single messages or batches). */
final class InJvmSubject implements Subject {
    private final Setup setup;
    private final Checker checker;
    private final CapturingLogger logger;
    private final UnaryOperator<Consumer.Builder> options;
    private Consumer consumer;

    InJvmSubject(Setup setup, Checker checker) {
        this(setup, checker, UnaryOperator.identity());
    }

    /** {@code options} adds to the setup's builder (the agent, retries, ...). */
    InJvmSubject(Setup setup, Checker checker, UnaryOperator<Consumer.Builder> options) {
        this.setup = setup;
        this.checker = checker;
        this.options = options;
        this.logger = new CapturingLogger("consumer[" + setup.describe() + "]");
    }

    Consumer consumer() {
        return consumer;
    }

    CapturingLogger logger() {
        return logger;
    }

    @Override
    public void start() {
        consumer = options.apply(setup.builder().logger(logger)).build();
        if (setup.batchSize() > 1) {
            consumer.registerBatchWorker(batch -> {
                pace();
                batch.forEach(this::record);
                return ConsumeResult.SUCCESS;
            });
        } else {
            consumer.registerWorker(message -> {
                pace();
                record(message);
                return ConsumeResult.SUCCESS;
            });
        }
        consumer.start();
    }

    private void pace() throws InterruptedException {
        checker.awaitGate();
        if (setup.workMillis() > 0) {
            Thread.sleep(setup.workMillis());
        }
    }

    private void record(WorkerMessage message) {
        checker.handled(NodeClient.id(message.body()));
    }

    @Override
    public void close() {
        if (consumer != null) {
            consumer.close();
        }
    }

    @Override
    public String diagnostics() {
        return diagnostics(consumer, logger);
    }

    /** The consumer's state and stats, this JVM's threads and the consumer's last log lines. */
    static String diagnostics(Consumer consumer, CapturingLogger logger) {
        return "state " + (consumer == null ? "-" : consumer.state() + " " + consumer.stats()) + "\n--- thread dump ---\n"
                + threadDump() + "\n--- consumer log (last 60 lines) ---\n" + tail(logger.all(), 60);
    }

    @Override
    public String log() {
        return logger.all();
    }

    static String threadDump() {
        ThreadInfo[] threads = ManagementFactory.getThreadMXBean().dumpAllThreads(true, true);
        return Arrays.stream(threads).map(InJvmSubject::describe).collect(Collectors.joining("\n"));
    }

    private static String describe(ThreadInfo info) {
        StringBuilder text = new StringBuilder("\"" + info.getThreadName() + "\" " + info.getThreadState());
        if (info.getLockName() != null) {
            text.append(" on ").append(info.getLockName());
        }
        if (info.getLockOwnerName() != null) {
            text.append(" owned by \"").append(info.getLockOwnerName()).append('"');
        }
        for (StackTraceElement frame : info.getStackTrace()) {
            text.append("\n\tat ").append(frame);
        }
        return text.toString();
    }

    static String tail(String text, int lines) {
        String[] all = text.split("\n");
        return String.join("\n", Arrays.copyOfRange(all, Math.max(0, all.length - lines), all.length));
    }
}
