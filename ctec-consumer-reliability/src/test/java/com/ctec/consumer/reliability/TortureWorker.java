package com.ctec.consumer.reliability;

import com.ctec.consumer.ConsumeResult;
import com.ctec.consumer.WorkerMessage;
import com.rabbitmq.client.AMQP;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The torture test's worker: for each delivery it looks up the seeded {@link Choice} of its id and
 * attempt, writes the {@link Handling} down (before acting, so a call cut short still counts) and
 * does it. The same class runs in this JVM and in the child processes of {@link TortureApp}.
 *
 * <p>Batches: a batch's result applies to all its messages, so the first member whose own choice
 * is a plain failure or REJECT decides for the whole batch (each member is written down with that
 * choice); otherwise the batch succeeds and each member forwards, or not, as its own choice says.
 */
final class TortureWorker {
    /** Where handlings are written down. */
    @FunctionalInterface
    interface Journal {
        void record(Handling handling);
    }

    private static final String LONG_KEY = "k".repeat(300);

    private final Choices choices;
    private final Targets targets;
    private final Journal journal;

    TortureWorker(Choices choices, Targets targets, Journal journal) {
        this.choices = choices;
        this.targets = targets;
        this.journal = journal;
    }

    ConsumeResult handle(WorkerMessage message) throws Exception {
        Choice choice = choices.of(Ids.id(message.body()), message.attempt());
        write(message, choice);
        if (choice == Choice.SLOW) {
            Thread.sleep(choices.slowMillis(Ids.id(message.body()), message.attempt()));
        }
        return act(message, choice);
    }

    ConsumeResult handleBatch(List<WorkerMessage> batch) throws Exception {
        Choice decides = null;
        for (WorkerMessage message : batch) {
            Choice own = choices.of(Ids.id(message.body()), message.attempt());
            if (own.kind() != Choice.Kind.SUCCEEDS && !own.forwards()) {
                decides = own;
                break;
            }
        }
        long sleep = 0;
        for (WorkerMessage message : batch) {
            int id = Ids.id(message.body());
            Choice choice = decides != null ? decides : choices.of(id, message.attempt());
            write(message, choice);
            if (choice == Choice.SLOW) {
                sleep = Math.max(sleep, choices.slowMillis(id, message.attempt()));
            }
            if (decides == null) {
                act(message, choice);
            }
        }
        Thread.sleep(sleep);
        return decides != null ? act(batch.get(0), decides) : ConsumeResult.SUCCESS;
    }

    private void write(WorkerMessage message, Choice choice) {
        journal.record(new Handling(Ids.id(message.body()), message.attempt(), choice, System.currentTimeMillis()));
    }

    /** Does what {@code choice} says to the message; the worker's answer. */
    private ConsumeResult act(WorkerMessage message, Choice choice) {
        return switch (choice) {
            case SUCCESS, SLOW -> ConsumeResult.SUCCESS;
            case FORWARD_GOOD -> forward(message, "", targets.good());
            case REDELIVER -> ConsumeResult.REDELIVER;
            case THROW -> throw new IllegalStateException("torture: message " + Ids.id(message.body()) + " attempt "
                    + message.attempt() + " throws");
            case NULL -> null;
            case FORWARD_MISSING_QUEUE -> forward(message, "", targets.missingQueue());
            case FORWARD_MISSING_EXCHANGE -> forward(message, targets.missingExchange(), "any");
            case FORWARD_FULL_QUEUE -> forward(message, "", targets.full());
            case FORWARD_BAD_HEADER -> {
                Map<String, Object> headers = new HashMap<>(message.properties());
                headers.put("torture-uuid", UUID.randomUUID());
                message.setPublishProperties(message.basicProperties().builder().headers(headers).build());
                yield forward(message, "", targets.good());
            }
            case FORWARD_LONG_KEY -> forward(message, "", LONG_KEY);
            case REJECT -> ConsumeResult.REJECT;
        };
    }

    private static ConsumeResult forward(WorkerMessage message, String exchange, String routingKey) {
        message.forward(exchange, routingKey);
        return ConsumeResult.SUCCESS;
    }

    /** Properties of a published message of a torture run: persistent, and with {@code rpc} a reply_to. */
    static AMQP.BasicProperties properties(int id, Targets targets, boolean rpc) {
        AMQP.BasicProperties.Builder builder = new AMQP.BasicProperties.Builder().deliveryMode(2);
        if (rpc) {
            builder.replyTo(targets.replies()).correlationId(Integer.toString(id));
        }
        return builder.build();
    }
}
