package com.ctec.consumer.internal.dispatch;

import com.ctec.consumer.Worker;
import com.ctec.consumer.WorkerMessage;
import com.ctec.consumer.internal.Delivery;
import com.ctec.consumer.internal.Settings;
import com.ctec.consumer.internal.settle.Settlement;
import com.ctec.consumer.internal.work.RunningCall;
import com.ctec.consumer.internal.work.WorkerCall;

/** Runs a {@link Worker} for each delivery, then settles its answer. */
public final class MessageDispatcher extends Dispatcher {
    private final Worker worker;
    private final WorkerCall call;
    private final Settlement settlement;

    public MessageDispatcher(Settings settings, Worker worker, WorkerCall call, Settlement settlement) {
        super(settings, call);
        this.worker = worker;
        this.call = call;
        this.settlement = settlement;
    }

    @Override
    public void dispatch(Delivery delivery) {
        executeFromConnection(new Handling(delivery));
    }

    /**
     * One delivery's work on its worker thread, and the record the slow-worker watch keeps of it
     * while it runs. A class rather than a lambda calling a method: on a virtual thread every frame
     * and object of a blocked worker stays on the heap while it waits.
     */
    private final class Handling extends RunningCall implements Runnable {
        private final Delivery delivery;

        Handling(Delivery delivery) {
            this.delivery = delivery;
        }

        /**
         * User code is called from this very frame, guarded by {@link WorkerCall}'s steps rather
         * than through a method of it: one frame fewer on a blocked virtual thread's heap.
         */
        @Override
        public void run() {
            if (!delivery.session().alive()) {
                // Its channel is gone: the broker has already put it back; running it would only duplicate work.
                settlement.abandon(delivery);
                return;
            }
            if (stopping()) {
                settlement.requeueUnstarted(delivery);
                return;
            }
            WorkerMessage message = delivery.message();
            WorkerCall.Result result;
            long start = call.started(this, message);
            try {
                result = call.answered(worker.handle(message), worker, start, message);
            } catch (Throwable t) {
                result = call.threw(t, start, message);
            } finally {
                call.finished(this);
            }
            settlement.settle(delivery, result);
        }
    }
}
