package com.ctec.consumer.reliability;

import com.ctec.consumer.testing.Broker;
import com.rabbitmq.client.AMQP;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Publishes the ids of a torture run to the source queue in small confirmed chunks, while the
 * harm goes on. A chunk whose confirms did not arrive is "in doubt" (maybe in the queue, maybe
 * not): the checker does not count those ids as lost when nothing of them is found, but reports
 * them. The harm that takes n1 down holds the lock, so normally none is in doubt.
 */
final class TorturePublisher {
    static final int CHUNK = 10;

    private final Broker client;
    private final Targets targets;
    private final boolean rpc;
    private final ReentrantLock lock;
    private final Set<Integer> inDoubt = ConcurrentHashMap.newKeySet();

    TorturePublisher(Broker client, Targets targets, boolean rpc, ReentrantLock lock) {
        this.client = client;
        this.targets = targets;
        this.rpc = rpc;
        this.lock = lock;
    }

    Set<Integer> inDoubt() {
        return Set.copyOf(inDoubt);
    }

    /** Publishes ids {@code from}..{@code to-1} at once. */
    void publish(int from, int to) {
        for (int chunk = from; chunk < to; chunk += CHUNK) {
            publishChunk(chunk, Math.min(to, chunk + CHUNK));
        }
    }

    /** Publishes ids {@code from}..{@code to-1} spread evenly over {@code millis}. */
    void publishOver(int from, int to, long millis) {
        int chunks = Math.max(1, (to - from + CHUNK - 1) / CHUNK);
        long pause = millis / chunks;
        for (int chunk = from; chunk < to; chunk += CHUNK) {
            publishChunk(chunk, Math.min(to, chunk + CHUNK));
            Fault.sleep(pause);
        }
    }

    private void publishChunk(int from, int to) {
        lock.lock();
        try {
            client.run(ch -> {
                for (int id = from; id < to; id++) {
                    AMQP.BasicProperties properties = TortureWorker.properties(id, targets, rpc);
                    ch.basicPublish("", targets.queue(), properties, Ids.body(id));
                }
                ch.waitForConfirmsOrDie(30_000);
            });
        } catch (IllegalStateException e) {
            System.out.println("torture: publish of ids " + from + ".." + (to - 1) + " in doubt: " + e.getMessage());
            for (int id = from; id < to; id++) {
                inDoubt.add(id);
            }
        } finally {
            lock.unlock();
        }
    }
}
