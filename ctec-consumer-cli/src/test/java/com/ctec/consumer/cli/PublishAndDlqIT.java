package com.ctec.consumer.cli;

import com.ctec.consumer.testing.Broker;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.GetResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code publish} and {@code dlq list|move} in the real jar against the real broker. */
class PublishAndDlqIT {
    private final Broker broker = new Broker();

    @AfterEach
    void cleanUp() {
        broker.close();
    }

    @Test
    void publishSendsEveryMessageConfirmedWithItsHeaders() throws Exception {
        String queue = broker.queue("cli-publish");

        Cli.Result result = Cli.run("publish", "--queue", queue, "--count", "5000", "--size", "100", "--persistent",
                "--header", "source=test");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout()).contains("Published 5,000 message(s) of 100 B to queue '" + queue + "'", "msg/s",
                "All 5,000 confirmed");
        assertThat(broker.messageCount(queue)).isEqualTo(5000);
        GetResponse first = broker.get(queue);
        assertThat(first.getProps().getDeliveryMode()).isEqualTo(2);
        assertThat(first.getProps().getHeaders().get("source").toString()).isEqualTo("test");
    }

    @Test
    void publishToAMissingQueueFailsWithoutSendingAnything() throws Exception {
        String queue = broker.uniqueName("cli-publish-missing");

        Cli.Result result = Cli.run("publish", "--queue", queue);

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(Exit.FAILURE);
        assertThat(result.stderr().strip()).isEqualTo("Queue '" + queue
                + "' does not exist: declare it first (e.g. ctec-consumer run ... --declare-queue), or fix --queue.");
    }

    @Test
    void dlqListShowsFailureHeadersAndMoveTakesBackOnlyTheMatches() throws Exception {
        String queue = broker.queue("cli-dlq");
        String dlq = queue + ".dlq";
        broker.declare(dlq, Map.of());
        deadLetter(queue, dlq, "java.util.concurrent.TimeoutException: slow database", "order 1");
        deadLetter(queue, dlq, "java.lang.NullPointerException: no customer", "order 2");
        deadLetter(queue, dlq, "java.util.concurrent.TimeoutException: slow database", "order 3");

        Cli.Result list = Cli.run("dlq", "list", "--queue", queue);

        assertThat(list.exitCode()).as(list.toString()).isZero();
        assertThat(list.stdout()).contains("#1  from queue '" + queue + "', 5 attempt(s)",
                "x-ctec-exception: java.lang.NullPointerException: no customer", "body (7 bytes): order 3");
        assertThat(broker.messageCount(dlq)).as("list leaves them in place").isEqualTo(3);

        Cli.Result move = Cli.run("dlq", "move", "--queue", queue, "--match", "Timeout");

        assertThat(move.exitCode()).as(move.toString()).isZero();
        assertThat(move.stdout()).contains("Moved 2 dead letter(s)", "1 left in '" + dlq + "'");
        assertThat(broker.messageCount(queue)).isEqualTo(2);
        assertThat(new String(broker.get(dlq).getBody(), StandardCharsets.UTF_8)).isEqualTo("order 2");

        Cli.Result badRegex = Cli.run("dlq", "move", "--queue", queue, "--match", "[");
        assertThat(badRegex.exitCode()).as(badRegex.toString()).isEqualTo(Exit.USAGE);
        Cli.Result neither = Cli.run("dlq", "move", "--queue", queue);
        assertThat(neither.exitCode()).as(neither.toString()).isEqualTo(Exit.USAGE);
    }

    private void deadLetter(String queue, String dlq, String exception, String body) {
        AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder().headers(Map.of(
                "x-ctec-exception", exception, "x-ctec-attempts", 5, "x-ctec-original-queue", queue,
                "x-ctec-failed-at", "2026-01-01T00:00:00Z")).build();
        broker.publish("", dlq, properties, body.getBytes(StandardCharsets.UTF_8));
    }
}
