package com.ctec.consumer.internal.dispatch;

import com.ctec.consumer.BatchWorker;
import com.ctec.consumer.WorkerMessage;
import com.ctec.consumer.internal.Delivery;
import com.ctec.consumer.internal.Settings;
import com.ctec.consumer.internal.settle.Settlement;
import com.ctec.consumer.internal.work.RunningCall;
import com.ctec.consumer.internal.work.WorkerCall;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Gathers deliveries into batches of up to {@code batchSize} for a {@link BatchWorker}; a partial
 * batch is handed over {@code batchTimeout} after its first message arrived.
 *
 * <p>A message on its second attempt or later is handed over alone: if its batch failed because
 * of one poison message, the good ones succeed on their own and only the poison one keeps failing.
 * A batch never mixes channels. Gathering is guarded by one lock (the delivery thread and the timer).
 */
public final class BatchDispatcher extends Dispatcher {
    private final BatchWorker worker;
    private final WorkerCall call;
    private final Settlement settlement;
    private final ScheduledExecutorService timer;
    private final int batchSize;
    private final long timeoutNanos;
    private final Object lock = new Object();
    private List<Delivery> gathering = new ArrayList<>();
    private long batchNumber;

    public BatchDispatcher(Settings settings, BatchWorker worker, WorkerCall call, Settlement settlement, ScheduledExecutorService timer) {
        super(settings, call);
        this.worker = worker;
        this.call = call;
        this.settlement = settlement;
        this.timer = timer;
        this.batchSize = settings.batchSize();
        this.timeoutNanos = settings.batchTimeout().toNanos();
    }

    @Override
    public void dispatch(Delivery delivery) {
        if (delivery.message().attempt() > 1) {
            submit(List.of(delivery), true);
            return;
        }
        synchronized (lock) {
            if (!gathering.isEmpty() && gathering.get(0).session() != delivery.session()) {
                submit(takeBatch(), true);
            }
            gathering.add(delivery);
            if (gathering.size() >= batchSize) {
                submit(takeBatch(), true);
            } else if (gathering.size() == 1) {
                long number = batchNumber;
                timer.schedule(() -> timedOut(number), timeoutNanos, TimeUnit.NANOSECONDS);
            }
        }
    }

    @Override
    public void stopAccepting() {
        super.stopAccepting();
        synchronized (lock) {
            if (!gathering.isEmpty()) {
                submit(takeBatch(), false);
            }
        }
    }

    private void timedOut(long number) {
        synchronized (lock) {
            if (number == batchNumber && !gathering.isEmpty()) {
                submit(takeBatch(), false);
            }
        }
    }

    private List<Delivery> takeBatch() {
        List<Delivery> batch = gathering;
        gathering = new ArrayList<>(batchSize);
        batchNumber++;
        return batch;
    }

    /** {@code fromConnection}: called on the consuming connection's thread (else the timer's or the engine's). */
    private void submit(List<Delivery> batch, boolean fromConnection) {
        BatchHandling handling = new BatchHandling(batch);
        if (fromConnection) {
            executeFromConnection(handling);
        } else {
            execute(handling);
        }
    }

    /** One batch's work on its worker thread, and the record the slow-worker watch keeps of it. */
    private final class BatchHandling extends RunningCall implements Runnable {
        private final List<Delivery> batch;

        BatchHandling(List<Delivery> batch) {
            this.batch = batch;
        }

        @Override
        public void run() {
            handle(batch, this);
        }
    }

    private void handle(List<Delivery> batch, RunningCall running) {
        List<Delivery> live = new ArrayList<>(batch.size());
        for (Delivery delivery : batch) {
            if (delivery.session().alive()) {
                live.add(delivery);
            } else {
                settlement.abandon(delivery);
            }
        }
        if (live.isEmpty()) {
            return;
        }
        if (stopping()) {
            live.forEach(settlement::requeueUnstarted);
            return;
        }
        List<WorkerMessage> messages = new ArrayList<>(live.size());
        for (Delivery delivery : live) {
            messages.add(delivery.message());
        }
        settlement.settleBatch(live, call.call(worker, List.copyOf(messages), running));
    }
}
