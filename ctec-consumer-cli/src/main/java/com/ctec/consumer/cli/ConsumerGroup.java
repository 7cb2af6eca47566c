package com.ctec.consumer.cli;

import com.ctec.consumer.ConcurrencyMode;
import com.ctec.consumer.Consumer;
import com.ctec.consumer.ConsumerException;
import com.ctec.consumer.internal.StopSignals;
import com.ctec.consumer.log.ConsumerLog;
import com.ctec.consumer.spi.ConsumerInfo;
import com.ctec.consumer.spi.ConsumerListener;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The consumers of one {@code run}, started together and stopped together: when one stops (the
 * engine stops them all on SIGTERM or SIGINT, or one fails for good) the others are stopped too,
 * each drains its in-flight work, and the command exits 0.
 */
final class ConsumerGroup {
    private final RunPlan plan;
    private final Credentials credentials;
    private final CountDownLatch anyStopped = new CountDownLatch(1);

    ConsumerGroup(RunPlan plan, Credentials credentials) {
        this.plan = plan;
        this.credentials = credentials;
    }

    int run() {
        Logger log = configureLogging();
        WorkerLoader workers = WorkerLoader.of(plan.processSetting(Setting.CLASSPATH).orElse(null));
        ConsumerFactory factory = new ConsumerFactory(workers, credentials, plan.consumers().size() > 1);
        ConsumerListener stopWatch = new ConsumerListener() {
            @Override
            public void consumerStopped(ConsumerInfo consumer) {
                anyStopped.countDown();
            }
        };
        List<Consumer> consumers = new ArrayList<>();
        for (RunPlan.Spec spec : plan.consumers()) {
            consumers.add(factory.build(spec, stopWatch));
        }
        for (RunPlan.Spec spec : plan.consumers()) {
            if (spec.get(Setting.DECLARE_QUEUE).map(Values::bool).orElse(false)) {
                declareQueue(spec);
            }
        }
        if (isProcessesMode()) {
            // The supervisor blocks in run() and forwards signals to its children.
            starting(plan.consumers().get(0), consumers.get(0)::run);
            return Exit.OK;
        }
        List<Consumer> started = new ArrayList<>();
        try (StopSignals ignored = takeSignals(consumers)) {
            try {
                for (int i = 0; i < consumers.size(); i++) {
                    starting(plan.consumers().get(i), consumers.get(i)::start);
                    started.add(consumers.get(i));
                }
            } catch (CliException e) {
                started.forEach(Consumer::close);
                throw e;
            }
            log.info("ctec-consumer: {} consumer(s) running; stop with Ctrl-C or SIGTERM (kill -15 {}).",
                    consumers.size(), ProcessHandle.current().pid());
            awaitFirstStop();
            // Stopping is graceful: each consumer finishes and settles what it holds before close() returns.
            consumers.forEach(Consumer::stop);
            consumers.forEach(Consumer::close);
        }
        return Exit.OK;
    }

    private Logger configureLogging() {
        String appName = plan.consumers().get(0).get(Setting.APP_NAME).orElse("ctec-consumer");
        try {
            ConsumerLog.configure(appName, plan.processSetting(Setting.LOG_PATH).orElse(null),
                    plan.processSetting(Setting.DEBUG).map(Values::bool).orElse(false));
        } catch (IllegalArgumentException e) {
            throw CliException.usage(e.getMessage(), e);
        }
        return LoggerFactory.getLogger("ctec.consumer.cli");
    }

    private boolean isProcessesMode() {
        return plan.consumers().size() == 1 && plan.consumers().get(0).get(Setting.MODE)
                .map(m -> Values.choice(ConcurrencyMode.class, m) == ConcurrencyMode.PROCESSES).orElse(false);
    }

    /** Runs a start step; a failure at start (broker unreachable, missing queue, wrong password) is a runtime failure. */
    private void starting(RunPlan.Spec spec, Runnable step) {
        try {
            step.run();
        } catch (ConsumerException e) {
            String prefix = plan.consumers().size() > 1 ? "Consumer '" + spec.name() + "': " : "";
            if (Brokers.isUnreachable(e)) {
                CliException hint = Brokers.connectFailed(Brokers.parse(url(spec)), e);
                throw CliException.failure(prefix + hint.getMessage(), e);
            }
            throw CliException.failure(prefix + e.getMessage(), e);
        }
    }

    private void declareQueue(RunPlan.Spec spec) {
        String queue = spec.get(Setting.QUEUE).orElseThrow();
        try (Connection connection = Brokers.open(url(spec), "ctec-consumer run (declare " + queue + ")")) {
            try {
                Channel probe = connection.createChannel();
                probe.queueDeclarePassive(queue);
                probe.close();
            } catch (IOException missing) {
                // The passive declare closed its channel: declare on a fresh one. Declaring only a missing
                // queue never clashes with the arguments of an existing one (406).
                connection.createChannel().queueDeclare(queue, true, false, false, null);
            }
        } catch (IOException | java.util.concurrent.TimeoutException e) {
            throw CliException.failure("Cannot declare queue '" + queue + "' (" + e.getMessage()
                    + "): check the user's configure permission, or declare it yourself.", e);
        }
    }

    private String url(RunPlan.Spec spec) {
        return credentials.url(spec.get(Setting.URL));
    }

    /**
     * This command decides how it ends, not the JVM: the engine drains on SIGTERM/SIGINT and then
     * passes the signal on to the handler it found, which would otherwise be the JVM's own (exit
     * 143, racing this thread's exit 0). Ours stops the consumers too, so a signal that comes while
     * they are still starting ends the command as well.
     */
    private StopSignals takeSignals(List<Consumer> consumers) {
        return StopSignals.take(signal -> {
            consumers.forEach(Consumer::stop);
            anyStopped.countDown();
        });
    }

    private void awaitFirstStop() {
        try {
            anyStopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
