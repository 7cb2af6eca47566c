package com.ctec.bench;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * One timed round of one trial: a fresh queue filled outside the clock, the contender started,
 * the clock read at the first and at the last message handled (for forwards: when the last
 * forward is on the second queue), then the checks that make a rate worth reporting — every id
 * exactly once, nothing left unacknowledged, every forward there exactly once.
 */
final class ThroughputRound {
    /** A contender that handles nothing for this long is declared stalled and its round refused. */
    private static final int STALL_SECONDS = 30;

    private final Broker broker;

    ThroughputRound(Broker broker) {
        this.broker = broker;
    }

    /** The rate and CPU cost, or a {@link RoundRefused} naming what went wrong. */
    RoundResult run(Trial trial) throws Exception {
        String queue = broker.freshQueue(trial.label());
        String forwardTo = trial.forwards() ? broker.freshQueue(trial.label() + "-out") : null;
        try {
            broker.fill(queue, trial.messages(), trial.bodySize());
            if (trial.contender() instanceof ExternalConsumer tool) {
                return runExternal(tool, queue, trial.messages());
            }
            Tally tally = new Tally(trial.messages());
            long blockNanos = trial.workerBlocks().toNanos();
            Job job = new Job(broker.uri(), queue, body -> {
                tally.record(body);
                if (blockNanos > 0) {
                    Thread.sleep(blockNanos / 1_000_000, (int) (blockNanos % 1_000_000)); // stands for an I/O call
                }
            }, forwardTo);
            long end;
            CpuMeter.Reading before = CpuMeter.read(broker.port());
            CpuMeter.Reading cost;
            try (AutoCloseable running = trial.contender().start(job)) {
                if (!tally.awaitComplete(STALL_SECONDS)) {
                    throw new RoundRefused("stalled after " + tally.distinct() + " of " + trial.messages() + " messages");
                }
                end = forwardTo == null ? tally.lastNanos() : lastForwardArrived(forwardTo, trial.messages());
                cost = CpuMeter.read(broker.port()).minus(before);
            }
            check(queue, forwardTo, tally, trial.messages());
            return RoundResult.of((trial.messages() - 1) * 1e9 / (end - tally.firstNanos()), cost, trial.messages());
        } finally {
            broker.delete(queue);
            if (forwardTo != null) {
                broker.delete(forwardTo);
            }
        }
    }

    /** A tool that cannot call the worker: timed from the queue's side, see {@link ExternalConsumer}. */
    private RoundResult runExternal(ExternalConsumer tool, String queue, int messages) throws Exception {
        AtomicLong firstNanos = new AtomicLong();
        Thread watch = Thread.ofVirtual().name("bench-queue-watch").start(() -> {
            try {
                while (!Thread.currentThread().isInterrupted() && broker.ready(queue) >= messages) {
                    LockSupport.parkNanos(500_000);
                }
                firstNanos.compareAndSet(0, System.nanoTime());
            } catch (Exception e) {
                // The queue went away: the round is refused below.
            }
        });
        CpuMeter.Reading before = CpuMeter.read(broker.port());
        tool.consume(broker.uri(), queue, messages);
        long end = System.nanoTime();
        CpuMeter.Reading cost = CpuMeter.read(broker.port()).minus(before);
        watch.interrupt();
        watch.join();
        long left = broker.awaitReady(queue, 0, 5_000);
        if (left != 0 || firstNanos.get() == 0) {
            throw new RoundRefused(left + " messages were not acknowledged (they would be delivered again)");
        }
        return RoundResult.of((messages - 1) * 1e9 / (end - firstNanos.get()), cost, messages);
    }

    private long lastForwardArrived(String forwardTo, int count) throws Exception {
        long deadline = System.nanoTime() + STALL_SECONDS * 1_000_000_000L;
        while (broker.ready(forwardTo) < count) {
            if (System.nanoTime() > deadline) {
                throw new RoundRefused("only " + broker.ready(forwardTo) + " of " + count + " forwards arrived");
            }
            LockSupport.parkNanos(2_000_000);
        }
        return System.nanoTime();
    }

    private void check(String queue, String forwardTo, Tally tally, int count) throws Exception {
        String problem = tally.problem();
        if (problem != null) {
            throw new RoundRefused(problem);
        }
        long left = broker.awaitReady(queue, 0, 5_000);
        if (left != 0) {
            throw new RoundRefused(left + " messages were not acknowledged (they would be delivered again)");
        }
        if (forwardTo != null) {
            String forwardProblem = broker.drain(forwardTo, count).problem();
            if (forwardProblem != null) {
                throw new RoundRefused("forwards: " + forwardProblem);
            }
        }
    }
}
