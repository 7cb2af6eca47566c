package com.ctec.bench.contenders;

import com.ctec.bench.Contender;
import com.ctec.bench.Job;
import com.ctec.consumer.ConcurrencyMode;
import com.ctec.consumer.ConsumeResult;
import com.ctec.consumer.Consumer;
import com.ctec.consumer.WorkerMessage;

import java.time.Duration;

/** ctec-consumer as a user would configure it: the public builder only, agent off (no registry in a benchmark). */
public record CtecContender(String name, ConcurrencyMode mode, int prefetch, int threads, int batchSize)
        implements Contender {

    public static CtecContender threads(int prefetch, int threads) {
        return new CtecContender("ctec THREADS prefetch " + prefetch + "/" + threads + " threads",
                ConcurrencyMode.THREADS, prefetch, threads, 1);
    }

    public static CtecContender virtualThreads(int prefetch) {
        return new CtecContender("ctec VIRTUAL_THREADS prefetch " + prefetch, ConcurrencyMode.VIRTUAL_THREADS, prefetch, 5, 1);
    }

    public static CtecContender batches(int prefetch, int threads, int batchSize) {
        return new CtecContender("ctec batchSize " + batchSize + " prefetch " + prefetch + "/" + threads + " threads",
                ConcurrencyMode.THREADS, prefetch, threads, batchSize);
    }

    public CtecContender named(String other) {
        return new CtecContender(other, mode, prefetch, threads, batchSize);
    }

    @Override
    public AutoCloseable start(Job job) {
        Consumer consumer = Consumer.builder(job.uri(), job.queue())
                .prefetch(prefetch)
                .threads(threads)
                .mode(mode)
                .batchSize(batchSize)
                .batchTimeout(Duration.ofMillis(50))
                .agent(false)
                .build();
        if (batchSize > 1) {
            consumer.registerBatchWorker(messages -> {
                for (WorkerMessage message : messages) {
                    handle(job, message);
                }
                return ConsumeResult.SUCCESS;
            });
        } else {
            consumer.registerWorker(message -> {
                handle(job, message);
                return ConsumeResult.SUCCESS;
            });
        }
        consumer.start();
        return consumer;
    }

    private static void handle(Job job, WorkerMessage message) throws Exception {
        job.work().handle(message.body());
        if (job.forwards()) {
            message.forward("", job.forwardTo());
        }
    }
}
