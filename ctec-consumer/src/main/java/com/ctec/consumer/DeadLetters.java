package com.ctec.consumer;

import com.ctec.consumer.internal.AmqpUrl;
import com.ctec.consumer.internal.DeadLetterHeaders;
import com.ctec.consumer.internal.connect.Connections;
import com.ctec.consumer.internal.publish.ConfirmChannel;
import com.ctec.consumer.internal.publish.PublishFailedException;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * Tools for the people on call: look at the dead letters of a queue and move them back to the
 * queue they failed on.
 *
 * <pre>{@code
 * try (DeadLetters dl = DeadLetters.connect("amqp://guest:guest@127.0.0.1:5672/")) {
 *     dl.list("orders.dlq", 20).forEach(System.out::println);
 *     dl.moveBack("orders.dlq", letter -> letter.exception().contains("Timeout"));
 * }
 * }</pre>
 *
 * Looking never removes anything: messages are read without acknowledgement and go back, in
 * order, when the reading channel closes. Moving publishes each message to its original queue
 * with a publisher confirm before it is acknowledged in the dead-letter queue.
 */
public final class DeadLetters implements AutoCloseable {
    private final Connection connection;
    private final AmqpUrl url;

    private DeadLetters(Connection connection, AmqpUrl url) {
        this.connection = connection;
        this.url = url;
    }

    /** Connects to the broker of {@code url} (the seed's URL format). */
    public static DeadLetters connect(String url) {
        AmqpUrl parsed = AmqpUrl.parse(url);
        ConnectionFactory factory = Connections.factory(parsed, Duration.ofSeconds(30));
        try {
            return new DeadLetters(factory.newConnection(parsed.addresses(), "ctec-consumer dead letters"), parsed);
        } catch (IOException | TimeoutException e) {
            throw new ConsumerException("Cannot connect to " + parsed.redacted() + " (" + e.getMessage()
                    + "): check the URL and that RabbitMQ is running.", e);
        }
    }

    /** One dead letter and why it failed, as the framework's headers tell. */
    public record DeadLetter(int position, String originalQueue, String exception, int attempts, String failedAt,
                             AMQP.BasicProperties properties, byte[] body) {
        /** The body as UTF-8 text. */
        public String bodyAsString() {
            return new String(body, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return "#" + position + " from '" + originalQueue + "' after " + attempts + " attempt(s) at " + failedAt
                    + ": " + exception;
        }
    }

    /** Up to {@code limit} dead letters from the head of {@code deadLetterQueue}, left in place. */
    public List<DeadLetter> list(String deadLetterQueue, int limit) {
        List<DeadLetter> letters = new ArrayList<>();
        try (Channel channel = connection.createChannel()) {
            requireQueue(channel, deadLetterQueue);
            while (letters.size() < limit) {
                GetResponse response = channel.basicGet(deadLetterQueue, false);
                if (response == null) {
                    break;
                }
                letters.add(letter(letters.size() + 1, response, deadLetterQueue));
            }
        } catch (IOException | TimeoutException e) {
            throw failure("read", deadLetterQueue, e);
        }
        return letters;
    }

    /**
     * Moves the dead letters that match {@code filter} back to their original queue, starting
     * again at attempt 1; the others stay. Returns how many were moved. Only the letters that were
     * in the queue when the call started are looked at: one that fails again and comes back is
     * not moved twice.
     */
    public int moveBack(String deadLetterQueue, Predicate<DeadLetter> filter) {
        return moveBack(deadLetterQueue, filter, Integer.MAX_VALUE, null).moved();
    }

    /**
     * What a move did.
     *
     * @param moved     letters published to their queue (confirmed) and removed from the dead-letter queue
     * @param looked    letters read, at most as many as the queue held when the move started
     * @param elsewhere letters left in place because their {@code x-ctec-original-queue} names a queue other than the one allowed
     */
    public record Moved(int moved, int looked, int elsewhere) {
    }

    /**
     * Moves at most {@code max} of the dead letters that match {@code filter} back to their
     * original queue, looking only at those that were in {@code deadLetterQueue} when the call
     * started (a consumer that dead-letters them again cannot make the move go round forever).
     *
     * <p>The original queue is what the letter's {@code x-ctec-original-queue} header says, and
     * whoever can publish to the dead-letter queue can write that header: with {@code onlyTo} set,
     * a letter naming another queue is left in place and counted in {@link Moved#elsewhere()}.
     *
     * @param onlyTo the only queue letters may be moved to, or null to move each to the queue it names
     */
    public Moved moveBack(String deadLetterQueue, Predicate<DeadLetter> filter, int max, String onlyTo) {
        int moved = 0;
        int looked = 0;
        int elsewhere = 0;
        try (Channel reader = connection.createChannel(); Channel writer = connection.createChannel()) {
            int present = requireQueue(reader, deadLetterQueue);
            ConfirmChannel confirms = new ConfirmChannel(writer);
            // Letters not moved stay unacknowledged on the reader until it closes, so each basicGet reads a new one.
            while (looked < present && moved < max) {
                GetResponse response = reader.basicGet(deadLetterQueue, false);
                if (response == null) {
                    break;
                }
                DeadLetter letter = letter(++looked, response, deadLetterQueue);
                if (!filter.test(letter)) {
                    continue;
                }
                if (onlyTo != null && !onlyTo.equals(letter.originalQueue())) {
                    elsewhere++;
                    continue;
                }
                confirmed(confirms.publish("", letter.originalQueue(), DeadLetterHeaders.forMovingBack(letter.properties()), letter.body(), true),
                        looked, letter, deadLetterQueue);
                reader.basicAck(response.getEnvelope().getDeliveryTag(), false);
                moved++;
            }
        } catch (IOException | TimeoutException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw failure("move", deadLetterQueue, e);
        }
        return new Moved(moved, looked, elsewhere);
    }

    /** Waits for the broker to take the moved letter; one that it does not take stays in the dead-letter queue. */
    private static void confirmed(CompletableFuture<Void> publish, int position, DeadLetter letter, String deadLetterQueue)
            throws InterruptedException, TimeoutException, IOException {
        try {
            publish.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof PublishFailedException failed && failed.unroutable()) {
                throw new ConsumerException("Dead letter #" + position + " could not be moved: queue '"
                        + letter.originalQueue() + "' does not exist; it stays in '" + deadLetterQueue + "'.");
            }
            throw new IOException(e.getCause().getMessage(), e.getCause());
        }
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (IOException | RuntimeException e) {
            // Already closed: nothing held.
        }
    }

    /** The number of messages ready in {@code queue}; a one-sentence error when it does not exist. */
    private int requireQueue(Channel channel, String queue) {
        try {
            return channel.queueDeclarePassive(queue).getMessageCount();
        } catch (IOException e) {
            throw new ConsumerException("The dead-letter queue '" + queue + "' does not exist in vhost '" + url.vhost()
                    + "': dead letters of queue q go to q.dlq unless the queue has its own dead-letter exchange.", e);
        }
    }

    private static DeadLetter letter(int position, GetResponse response, String deadLetterQueue) {
        AMQP.BasicProperties properties = response.getProps();
        DeadLetterHeaders headers = new DeadLetterHeaders(properties);
        String originalQueue = headers.originalQueue(
                deadLetterQueue.endsWith(".dlq") ? deadLetterQueue.substring(0, deadLetterQueue.length() - 4) : "");
        return new DeadLetter(position, originalQueue, headers.exception(), headers.attempts(), headers.failedAt(),
                properties, response.getBody());
    }

    private ConsumerException failure(String what, String queue, Exception e) {
        return new ConsumerException("Could not " + what + " the dead letters of '" + queue + "' on " + url.redacted()
                + " (" + e.getMessage() + "): check the queue name and the broker.", e);
    }
}
