package com.ctec.consumer;

import com.ctec.consumer.testing.Broker;
import com.ctec.consumer.testing.RealBrokerTest;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.GetResponse;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Forwarding (seed: 消息转发) and RPC answers (seed: is_rpc), each confirmed before the ack. */
class ForwardAndRpcTest extends RealBrokerTest {

    @Test
    void aForwardIsPublishedAndConfirmedBeforeTheOriginalIsAcknowledged() {
        String queue = broker.queue("fwd-src");
        String target = broker.queue("fwd-dst");
        broker.publishNumbered(queue, 100);
        consumer = Consumer.builder(Broker.URL, queue).agent(false).build();
        consumer.registerWorker(m -> {
            m.forward("", target);
            m.setPublishBody(("seen " + m.bodyAsString()).getBytes(StandardCharsets.UTF_8));
            return ConsumeResult.SUCCESS;
        });
        consumer.start();

        await().atMost(Duration.ofSeconds(20)).until(() -> consumer.stats().succeeded() == 100);
        assertThat(broker.messageCount(target)).isEqualTo(100);
        assertThat(consumer.stats().forwarded()).isEqualTo(100);
        GetResponse forwarded = broker.get(target);
        assertThat(new String(forwarded.getBody(), StandardCharsets.UTF_8)).startsWith("seen ");
        assertThat(forwarded.getProps().getHeaders() == null ? Map.of() : forwarded.getProps().getHeaders())
                .doesNotContainKeys("x-ctec-attempt", "x-ctec-last-failure");
    }

    @Test
    void anUnroutableForwardLeavesTheOriginalUnacknowledgedUntilItIsDeadLettered() {
        String queue = broker.queue("fwd-unroutable");
        String exchange = broker.uniqueName("nowhere");
        broker.exchange(exchange, "direct");
        broker.publish(queue, "keep me");
        consumer = Consumer.builder(Broker.URL, queue).agent(false).maxAttempts(2).build();
        consumer.registerWorker(m -> {
            m.forward(exchange, "no-binding");
            return ConsumeResult.SUCCESS;
        });
        consumer.start();

        String dlq = queue + ".dlq";
        await().atMost(Duration.ofSeconds(15)).until(() -> broker.queueExists(dlq) && broker.messageCount(dlq) == 1);
        GetResponse letter = broker.get(dlq);
        assertThat(new String(letter.getBody(), StandardCharsets.UTF_8)).isEqualTo("keep me");
        assertThat(letter.getProps().getHeaders().get("x-ctec-exception").toString()).contains("no queue is bound");
        assertThat(consumer.stats().succeeded()).isZero();
        assertThat(consumer.stats().forwarded()).isZero();
    }

    @Test
    void aForwardToAMissingExchangeIsNotLostAndLaterForwardsStillWork() {
        String queue = broker.queue("fwd-missing");
        String target = broker.queue("fwd-ok");
        broker.publish(queue, "to-missing");
        consumer = Consumer.builder(Broker.URL, queue).agent(false).maxAttempts(2).build();
        consumer.registerWorker(m -> {
            if (m.bodyAsString().equals("to-missing")) {
                m.forward("ctec-test.no-such-exchange", "x");
            } else {
                m.forward("", target);
            }
            return ConsumeResult.SUCCESS;
        });
        consumer.start();

        String dlq = queue + ".dlq";
        await().atMost(Duration.ofSeconds(15)).until(() -> broker.queueExists(dlq) && broker.messageCount(dlq) == 1);
        assertThat(broker.get(dlq).getProps().getHeaders().get("x-ctec-exception").toString()).contains("404");
        broker.publish(queue, "fine");
        await().atMost(Duration.ofSeconds(10)).until(() -> broker.messageCount(target) == 1);
    }

    @Test
    void rpcAnswersGoToDirectReplyToWithTheCorrelationId() throws Exception {
        String queue = broker.queue("rpc");
        consumer = Consumer.builder(Broker.URL, queue).agent(false).rpc(true).build();
        consumer.registerWorker(m -> {
            m.reply("pong:" + m.bodyAsString());
            return ConsumeResult.SUCCESS;
        });
        consumer.start();

        BlockingQueue<String[]> answers = new ArrayBlockingQueue<>(1);
        broker.channel().basicConsume("amq.rabbitmq.reply-to", true, (tag, delivery) -> answers.add(new String[] {
            delivery.getProperties().getCorrelationId(), new String(delivery.getBody(), StandardCharsets.UTF_8)}), tag -> { });
        AMQP.BasicProperties request = new AMQP.BasicProperties.Builder()
                .replyTo("amq.rabbitmq.reply-to").correlationId("c-42").build();
        broker.channel().basicPublish("", queue, request, "ping".getBytes(StandardCharsets.UTF_8));

        String[] answer = answers.poll(10, TimeUnit.SECONDS);
        assertThat(answer).containsExactly("c-42", "pong:ping");
        await().atMost(Duration.ofSeconds(5)).until(() -> consumer.stats().replied() == 1);
    }

    @Test
    void withoutReplyTheAnswerIsThePublishBody() throws Exception {
        String queue = broker.queue("rpc-body");
        String replies = broker.queue("rpc-replies");
        consumer = Consumer.builder(Broker.URL, queue).agent(false).rpc(true).build();
        consumer.registerWorker(m -> {
            m.setPublishBody("from publish body".getBytes(StandardCharsets.UTF_8));
            return ConsumeResult.SUCCESS;
        });
        consumer.start();
        broker.publish("", queue, new AMQP.BasicProperties.Builder().replyTo(replies).correlationId("c-7").build(),
                "q".getBytes(StandardCharsets.UTF_8));

        await().atMost(Duration.ofSeconds(10)).until(() -> broker.messageCount(replies) == 1);
        GetResponse answer = broker.get(replies);
        assertThat(answer.getProps().getCorrelationId()).isEqualTo("c-7");
        assertThat(new String(answer.getBody(), StandardCharsets.UTF_8)).isEqualTo("from publish body");
    }
}
