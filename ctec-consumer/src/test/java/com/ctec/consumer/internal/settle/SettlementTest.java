package com.ctec.consumer.internal.settle;

import com.ctec.consumer.ConcurrencyMode;
import com.ctec.consumer.ConsumeResult;
import com.ctec.consumer.WorkerMessage;
import com.ctec.consumer.internal.AmqpUrl;
import com.ctec.consumer.internal.Counters;
import com.ctec.consumer.internal.Delivery;
import com.ctec.consumer.internal.DeliverySession;
import com.ctec.consumer.internal.Headers;
import com.ctec.consumer.internal.Listeners;
import com.ctec.consumer.internal.Settings;
import com.ctec.consumer.internal.publish.PublishFailedException;
import com.ctec.consumer.internal.publish.Publishing;
import com.ctec.consumer.internal.work.WorkerCall;
import com.ctec.consumer.spi.Outcome;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Envelope;
import org.junit.jupiter.api.Test;
import org.slf4j.helpers.NOPLogger;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The outcome rules of {@link Settlement}, without a broker: a recording publisher stands for the
 * confirms, a recording session for the ack thread. What matters is the order: the original is
 * acked only after its outcome was confirmed, and requeued (never acked) when it was not.
 */
class SettlementTest {
    private static final String QUEUE = "orders";

    /** Publishes as text ("ENGINE ''/orders attempt=2"); each completes as the test says, by default confirmed. */
    private static final class RecordingPublishing implements Publishing {
        final List<String> events;
        final Map<String, Throwable> failures = new java.util.HashMap<>();
        /** How many more times a routing key fails; absent = as long as it is in {@link #failures}. */
        final Map<String, Integer> failuresLeft = new java.util.HashMap<>();

        RecordingPublishing(List<String> events) {
            this.events = events;
        }

        @Override
        public CompletableFuture<Void> publish(Lane lane, String exchange, String routingKey, AMQP.BasicProperties properties,
                                               byte[] body, boolean mandatory) {
            Map<String, Object> headers = properties.getHeaders() == null ? Map.of() : properties.getHeaders();
            String event = lane + " '" + exchange + "'/" + routingKey
                    + (headers.containsKey(Headers.ATTEMPT) ? " attempt=" + headers.get(Headers.ATTEMPT) : "")
                    + (headers.containsKey(Headers.EXCEPTION) ? " exception=" + headers.get(Headers.EXCEPTION) : "");
            events.add("publish " + event);
            Throwable failure = failures.get(routingKey);
            Integer left = failuresLeft.get(routingKey);
            if (left != null) {
                failuresLeft.put(routingKey, left - 1);
                failure = left > 0 ? failure : null;
            }
            return failure == null ? CompletableFuture.completedFuture(null) : CompletableFuture.failedFuture(failure);
        }

        @Override
        public CompletableFuture<Void> publishToCheckedExchange(Lane lane, String exchange, String routingKey,
                                                                AMQP.BasicProperties properties, byte[] body) {
            return publish(lane, exchange, routingKey, properties, body, true);
        }

        @Override
        public CompletableFuture<Void> declareAsync(Declaration declaration) {
            events.add("declare");
            return CompletableFuture.completedFuture(null);
        }
    }

    /** The ack thread as text: "ack 7", "requeue 7". */
    private static final class RecordingSession implements DeliverySession {
        final List<String> events;
        boolean alive = true;
        boolean draining;
        int settled;

        RecordingSession(List<String> events) {
            this.events = events;
        }

        @Override
        public boolean alive() {
            return alive;
        }

        @Override
        public boolean draining() {
            return draining;
        }

        @Override
        public boolean ack(long tag) {
            events.add("ack " + tag);
            return alive;
        }

        @Override
        public boolean requeue(long tag) {
            events.add("requeue " + tag);
            return alive;
        }

        @Override
        public void settled() {
            settled++;
        }
    }

    private final List<String> events = Collections.synchronizedList(new ArrayList<>());
    private final RecordingPublishing publishing = new RecordingPublishing(events);
    private final RecordingSession session = new RecordingSession(events);
    private final Counters counters = new Counters();
    private final List<Long> pauses = new ArrayList<>();
    private final List<Runnable> paused = new ArrayList<>();

    private Settlement settlement(int maxAttempts, boolean rpc) {
        Settings settings = settings(maxAttempts, rpc);
        Settlement.Pause now = (millis, task) -> {
            pauses.add(millis);
            paused.add(task);
        };
        Clock clock = Clock.fixed(Instant.parse("2026-12-02T08:00:00Z"), ZoneOffset.UTC);
        return new Settlement(settings, publishing, counters, Listeners.create(settings, null), null, now, clock);
    }

    /** Runs what waited for a pause (once: what it pauses again waits for the next call). */
    private void pauseEnds() {
        List<Runnable> due = List.copyOf(paused);
        paused.clear();
        due.forEach(Runnable::run);
    }

    @Test
    void aSuccessWithNothingToPublishIsAckedAtOnce() {
        settlement(5, false).settle(delivery(7, 1, message -> { }), result(ConsumeResult.SUCCESS));
        assertThat(events).containsExactly("ack 7");
        assertThat(counters.snapshot().succeeded()).isEqualTo(1);
    }

    @Test
    void aForwardIsConfirmedBeforeTheOriginalIsAcked() {
        settlement(5, false).settle(delivery(7, 1, message -> message.forward("audit", "order.saved")), result(ConsumeResult.SUCCESS));
        assertThat(events).containsExactly("publish USER 'audit'/order.saved", "ack 7");
    }

    @Test
    void aForwardThatFailsIsRetriedForItsNextAttemptThenTheOriginalAcked() {
        publishing.failures.put("order.saved", new PublishFailedException("no queue is bound", true));
        settlement(5, false).settle(delivery(7, 1, message -> message.forward("audit", "order.saved")), result(ConsumeResult.SUCCESS));
        assertThat(events).containsExactly("publish USER 'audit'/order.saved", "publish ENGINE ''/orders attempt=2", "ack 7");
        assertThat(counters.snapshot().succeeded()).isZero();
    }

    @Test
    void aFailureOnTheLastAttemptIsDeadLetteredWithItsReasonThenAcked() {
        settlement(3, false).settle(delivery(9, 3, message -> { }), result(ConsumeResult.REDELIVER));
        assertThat(events).containsExactly("declare",
                "publish ENGINE ''/orders.dlq exception=the worker answered REDELIVER", "ack 9");
        assertThat(counters.snapshot().deadLettered()).isEqualTo(1);
    }

    @Test
    void aRejectIsDeadLetteredAtOnceWhateverTheAttempt() {
        settlement(5, false).settle(delivery(4, 1, message -> { }), result(ConsumeResult.REJECT));
        assertThat(events).containsExactly("declare",
                "publish ENGINE ''/orders.dlq exception=rejected by the worker (REJECT)", "ack 4");
    }

    @Test
    void anOutcomeTheBrokerDidNotTakeIsPublishedAgainWithBackoffAndTheWorkerIsNotRunAgain() {
        publishing.failures.put("orders", new PublishFailedException("its channel closed before the broker confirmed it", false));
        publishing.failuresLeft.put("orders", 2);
        settlement(5, false).settle(delivery(5, 1, message -> { }), result(ConsumeResult.REDELIVER));
        assertThat(events).containsExactly("publish ENGINE ''/orders attempt=2");
        pauseEnds();
        pauseEnds();
        // Never requeued (that would run the worker again for an answer it already gave), acked once confirmed.
        assertThat(events).containsExactly("publish ENGINE ''/orders attempt=2", "publish ENGINE ''/orders attempt=2",
                "publish ENGINE ''/orders attempt=2", "ack 5");
        assertThat(pauses).containsExactly(Settlement.FIRST_OUTCOME_RETRY_MILLIS, 2 * Settlement.FIRST_OUTCOME_RETRY_MILLIS);
        assertThat(session.settled).isEqualTo(1);
    }

    @Test
    void aDeadLetterThatComesBackUnroutableIsDeclaredAgainAndPublishedOnceMore() {
        publishing.failures.put("orders.dlq", new PublishFailedException("no queue is bound", true));
        publishing.failuresLeft.put("orders.dlq", 1);
        settlement(5, false).settle(delivery(1, 1, message -> { }), result(ConsumeResult.REJECT));
        assertThat(events).containsExactly("declare", "publish ENGINE ''/orders.dlq exception=rejected by the worker (REJECT)",
                "declare", "publish ENGINE ''/orders.dlq exception=rejected by the worker (REJECT)", "ack 1");
        assertThat(pauses).isEmpty();
    }

    @Test
    void aStopWhileAnOutcomeCannotBePublishedRequeuesTheMessageAtOnce() {
        publishing.failures.put("orders", new PublishFailedException("the publishing connection is down", false));
        Settlement settlement = settlement(5, false);
        settlement.settle(delivery(8, 1, message -> { }), result(ConsumeResult.REDELIVER));
        session.draining = true;
        pauseEnds();
        assertThat(events).containsExactly("publish ENGINE ''/orders attempt=2", "publish ENGINE ''/orders attempt=2", "requeue 8");
        assertThat(paused).isEmpty();
        assertThat(session.settled).isEqualTo(1);
    }

    @Test
    void anOutcomeStillWaitingWhenItsSessionIsLostIsDroppedForTheBrokerToRedeliver() {
        publishing.failures.put("orders", new PublishFailedException("the publishing connection is down", false));
        settlement(5, false).settle(delivery(8, 1, message -> { }), result(ConsumeResult.REDELIVER));
        session.alive = false;
        pauseEnds();
        assertThat(events).as("no copy published once the session is gone").containsExactly("publish ENGINE ''/orders attempt=2");
        assertThat(paused).isEmpty();
        assertThat(session.settled).isEqualTo(1);
    }

    @Test
    void aMessageWhoseSessionIsGoneIsDroppedNotPublished() {
        session.alive = false;
        settlement(5, false).settle(delivery(3, 1, message -> message.forward("audit", "x")), result(ConsumeResult.SUCCESS));
        assertThat(events).isEmpty();
        assertThat(counters.snapshot().inFlight()).isZero();
        assertThat(session.settled).isEqualTo(1);
    }

    @Test
    void anRpcAnswerToACallerThatHasGoneStillAcksTheRequest() {
        publishing.failures.put("amq.gen-caller", new PublishFailedException("no queue is bound", true));
        AMQP.BasicProperties request = new AMQP.BasicProperties.Builder().replyTo("amq.gen-caller").correlationId("c1").build();
        settlement(5, true).settle(delivery(2, 1, request, message -> message.reply("42")), result(ConsumeResult.SUCCESS));
        assertThat(events).containsExactly("publish USER ''/amq.gen-caller", "ack 2");
    }

    @Test
    void anRpcAnswerIsSentOnlyAfterItsForwardIsConfirmed() {
        publishing.failures.put("order.saved", new PublishFailedException("no queue is bound", true));
        AMQP.BasicProperties request = new AMQP.BasicProperties.Builder().replyTo("amq.gen-caller").correlationId("c1").build();
        settlement(5, true).settle(delivery(6, 1, request, message -> message.forward("audit", "order.saved")),
                result(ConsumeResult.SUCCESS));
        // The forward failed, so the request is retried: its caller must not get an answer for it now.
        assertThat(events).containsExactly("publish USER 'audit'/order.saved", "publish ENGINE ''/orders attempt=2", "ack 6");
    }

    private Delivery delivery(long tag, int attempt, java.util.function.Consumer<WorkerMessage> work) {
        return delivery(tag, attempt, new AMQP.BasicProperties(), work);
    }

    private Delivery delivery(long tag, int attempt, AMQP.BasicProperties properties, java.util.function.Consumer<WorkerMessage> work) {
        WorkerMessage message = new WorkerMessage(QUEUE, new Envelope(tag, false, "", QUEUE), properties,
                "body".getBytes(StandardCharsets.UTF_8), attempt);
        work.accept(message);
        counters.delivered();
        return new Delivery(message, session);
    }

    private static WorkerCall.Result result(ConsumeResult answer) {
        return new WorkerCall.Result(answer, null, 1_000);
    }

    private static Settings settings(int maxAttempts, boolean rpc) {
        return new Settings(AmqpUrl.parse("amqp://guest:guest@127.0.0.1:5672/"), QUEUE, NOPLogger.NOP_LOGGER, 30, 5,
                Duration.ofSeconds(30), "", rpc, 1, Duration.ofMillis(500), false, "app", "", null, null, "/ctec-consumer",
                Duration.ofMinutes(1), 0, "127.0.0.1", ConcurrencyMode.THREADS, 1, Duration.ofSeconds(30), maxAttempts,
                Duration.ZERO, 1.0, Duration.ZERO, null, null, 0, null, Duration.ofMinutes(1), List.of());
    }
}
