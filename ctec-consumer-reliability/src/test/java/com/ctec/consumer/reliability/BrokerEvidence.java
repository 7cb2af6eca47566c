package com.ctec.consumer.reliability;

import com.ctec.consumer.testing.Broker;
import com.rabbitmq.client.GetResponse;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the broker holds for each id after a torture run, read by draining the queues (never from
 * the engine's counters): copies still queued (source and delay queues, with their attempt),
 * dead letters (the engine's {@code <queue>.dlq} and a policy's dead-letter queue), forwarded
 * copies, RPC answers, and anything that got into the queue that must stay full.
 */
final class BrokerEvidence {
    /** One dead letter: its {@code x-ctec-attempts} (-1 if absent) and {@code x-ctec-exception}. */
    record Letter(int attempts, String exception, String queue) {
    }

    /** Everything found for one id. */
    static final class OfId {
        final List<Integer> queuedAttempts = new ArrayList<>();
        final List<Letter> letters = new ArrayList<>();
        int forwards;
        /** Forwards and answers that arrived carrying the engine's own x-ctec-* bookkeeping headers. */
        int withBookkeeping;
        int replies;
        int inFullQueue;

        boolean queuedAtOrAfter(int attempt) {
            return queuedAttempts.stream().anyMatch(a -> a >= attempt);
        }

        boolean letterAt(int attempt) {
            return letters.stream().anyMatch(l -> l.attempts() == attempt);
        }
    }

    private final Map<Integer, OfId> byId = new HashMap<>();
    private int foreign;

    synchronized OfId of(int id) {
        return byId.computeIfAbsent(id, i -> new OfId());
    }

    /** Messages drained that carry no id of ours (the full queue's filler excepted). */
    synchronized int foreign() {
        return foreign;
    }

    /** Drains the dead-letter queues that exist; safe to call during the run (a down node is tried again later). */
    void collectDeadLetters(Broker client, Targets targets) {
        for (String queue : targets.deadLetterQueues()) {
            if (client.queueExists(queue)) {
                for (GetResponse letter : client.drain(queue)) {
                    Map<String, Object> headers = headers(letter);
                    Object exception = headers.get("x-ctec-exception");
                    add(letter, e -> e.letters.add(new Letter(number(headers.get("x-ctec-attempts"), -1),
                            exception == null ? "" : exception.toString(), queue)));
                }
            }
        }
    }

    /** Drains every queue of the run once the consumer has stopped. */
    void collectAll(Broker client, Targets targets, List<String> delayQueues) {
        collectDeadLetters(client, targets);
        List<String> queued = new ArrayList<>(delayQueues);
        queued.add(targets.queue());
        for (String queue : queued) {
            if (client.queueExists(queue)) {
                for (GetResponse message : client.drain(queue)) {
                    int attempt = number(headers(message).get("x-ctec-attempt"), 1);
                    add(message, e -> e.queuedAttempts.add(attempt));
                }
            }
        }
        for (GetResponse copy : client.drain(targets.good())) {
            add(copy, e -> {
                e.forwards++;
                e.withBookkeeping += bookkeeping(copy);
            });
        }
        for (GetResponse reply : client.drain(targets.replies())) {
            add(reply, e -> {
                e.replies++;
                e.withBookkeeping += bookkeeping(reply);
            });
        }
        for (GetResponse message : client.drain(targets.full())) {
            if (Ids.id(message.getBody()) >= 0) {
                add(message, e -> e.inFullQueue++);
            }
        }
    }

    private synchronized void add(GetResponse message, java.util.function.Consumer<OfId> what) {
        int id = Ids.id(message.getBody());
        if (id < 0) {
            foreign++;
            return;
        }
        what.accept(of(id));
    }

    /** 1 if the message carries a header of the engine's own (x-ctec-*), which forwards and answers must not. */
    private static int bookkeeping(GetResponse message) {
        return headers(message).keySet().stream().anyMatch(k -> k.startsWith("x-ctec-")) ? 1 : 0;
    }

    private static Map<String, Object> headers(GetResponse message) {
        Map<String, Object> headers = message.getProps().getHeaders();
        return headers == null ? Map.of() : headers;
    }

    private static int number(Object value, int otherwise) {
        return value instanceof Number n ? n.intValue() : otherwise;
    }
}
