package com.ctec.consumer.reliability;

import com.ctec.consumer.ConsumeResult;
import com.ctec.consumer.Consumer;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.Arrays;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * The consumer under test in this JVM (THREADS or VIRTUAL_THREADS, single messages or batches);
 * each start builds a new one. The fault tests' consumer records each message with a {@link Checker};
 * the torture test's registers its own worker.
 */
final class InJvmSubject implements Subject {
    private final Setup setup;
    private final CapturingLogger logger;
    private final UnaryOperator<Consumer.Builder> options;
    private final java.util.function.Consumer<Consumer> registration;
    private Consumer consumer;

    InJvmSubject(Setup setup, Checker checker) {
        this(setup, checker, UnaryOperator.identity());
    }

    /** {@code options} adds to the setup's builder (the agent, retries, ...). */
    InJvmSubject(Setup setup, Checker checker, UnaryOperator<Consumer.Builder> options) {
        this("consumer", setup, options, consumer -> registerRecording(consumer, setup, checker));
    }

    /** A consumer built with {@code options} on the setup's builder, whose worker {@code registration} registers. */
    InJvmSubject(String role, Setup setup, UnaryOperator<Consumer.Builder> options, java.util.function.Consumer<Consumer> registration) {
        this.setup = setup;
        this.options = options;
        this.registration = registration;
        this.logger = new CapturingLogger(role + "[" + setup.describe() + "]");
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
        registration.accept(consumer);
        consumer.start();
    }

    /** A worker that waits at the checker's gate, works the setup's time and records each message. */
    private static void registerRecording(Consumer consumer, Setup setup, Checker checker) {
        if (setup.batchSize() > 1) {
            consumer.registerBatchWorker(batch -> {
                pace(setup, checker);
                batch.forEach(message -> checker.handled(Ids.id(message.body())));
                return ConsumeResult.SUCCESS;
            });
        } else {
            consumer.registerWorker(message -> {
                pace(setup, checker);
                checker.handled(Ids.id(message.body()));
                return ConsumeResult.SUCCESS;
            });
        }
    }

    private static void pace(Setup setup, Checker checker) throws InterruptedException {
        checker.awaitGate();
        if (setup.workMillis() > 0) {
            Thread.sleep(setup.workMillis());
        }
    }

    @Override
    public void close() {
        if (consumer != null) {
            consumer.close();
        }
    }

    @Override
    public String diagnostics() {
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
