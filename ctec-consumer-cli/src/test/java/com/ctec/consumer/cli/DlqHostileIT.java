package com.ctec.consumer.cli;

import com.ctec.consumer.testing.Broker;
import com.rabbitmq.client.AMQP;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code dlq list|move} on dead letters that come back, and on letters whoever publishes to the queue wrote. */
class DlqHostileIT {
    /** Only a move that never ends takes this long; one that works takes a second. */
    private static final Duration GENEROUS = Duration.ofSeconds(90);

    private final Broker broker = new Broker();

    @AfterEach
    void cleanUp() {
        broker.close();
    }

    @Test
    void moveTakesOnlyTheLettersThereWhenItStartedEvenWhenTheyComeStraightBack() throws Exception {
        // Messages moved to this queue expire at once and are dead-lettered back: the loop of issue 14 (3,637 moves of 206 letters).
        String queue = broker.uniqueName("cli-dlq-loop");
        String dlq = queue + ".dlq";
        broker.declare(dlq, Map.of());
        broker.declare(queue, Map.of("x-message-ttl", 0, "x-dead-letter-exchange", "", "x-dead-letter-routing-key", dlq));
        for (int i = 1; i <= 5; i++) {
            deadLetter(dlq, queue, "letter " + i);
        }

        Cli.Result move = Cli.run(Map.of(), GENEROUS, "dlq", "move", "--queue", queue, "--all");

        assertThat(move.exitCode()).as(move.toString()).isZero();
        assertThat(move.stdout()).contains("Moved 5 dead letter(s) from '" + dlq + "' back to '" + queue + "'");
    }

    @Test
    void moveStopsAtMax() throws Exception {
        String queue = broker.queue("cli-dlq-max");
        String dlq = queue + ".dlq";
        broker.declare(dlq, Map.of());
        for (int i = 1; i <= 5; i++) {
            deadLetter(dlq, queue, "letter " + i);
        }

        Cli.Result move = Cli.run("dlq", "move", "--queue", queue, "--all", "--max", "2");

        assertThat(move.exitCode()).as(move.toString()).isZero();
        assertThat(move.stdout()).contains("Moved 2 dead letter(s)", "3 left in '" + dlq + "'");
        assertThat(broker.messageCount(queue)).isEqualTo(2);
        assertThat(Cli.run("dlq", "move", "--queue", queue, "--all", "--max", "0").exitCode()).isEqualTo(Exit.USAGE);
    }

    @Test
    void aLetterNamingAnotherQueueStaysUnlessAskedFor() throws Exception {
        String queue = broker.queue("cli-dlq-own");
        String other = broker.queue("cli-dlq-other");
        String dlq = queue + ".dlq";
        broker.declare(dlq, Map.of());
        deadLetter(dlq, queue, "mine");
        deadLetter(dlq, other, "planted");

        Cli.Result move = Cli.run("dlq", "move", "--queue", queue, "--all");

        assertThat(move.exitCode()).as(move.toString()).isZero();
        assertThat(move.stdout()).contains("Moved 1 dead letter(s)", "1 left in '" + dlq + "'",
                "1 letter(s) name another queue than '" + queue + "' in x-ctec-original-queue", "--to-any-queue");
        assertThat(broker.messageCount(other)).isZero();

        Cli.Result anyQueue = Cli.run("dlq", "move", "--queue", queue, "--all", "--to-any-queue");
        assertThat(anyQueue.stdout()).as(anyQueue.toString()).contains("Moved 1 dead letter(s)");
        assertThat(new String(broker.get(other).getBody(), StandardCharsets.UTF_8)).isEqualTo("planted");
    }

    @Test
    void listShowsControlCharactersOfBodiesAndHeadersEscaped() throws Exception {
        String queue = broker.queue("cli-dlq-escape");
        String dlq = queue + ".dlq";
        broker.declare(dlq, Map.of());
        AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder().headers(Map.of(
                "x-ctec-exception", "boom\u001b[2J\u001b[H", "x-ctec-original-queue", queue + "\nforged line",
                "x-ctec-failed-at", "\u001b]0;title\u0007")).build();
        broker.publish("", dlq, properties, "body\u001b[31m\r\nred".getBytes(StandardCharsets.UTF_8));

        Cli.Result list = Cli.run("dlq", "list", "--queue", queue);

        assertThat(list.exitCode()).as(list.toString()).isZero();
        assertThat(list.stdout()).doesNotContain("\u001b").doesNotContain("\u0007").doesNotContain("\nforged line")
                .contains("boom\\u001b[2J\\u001b[H", queue + "\\nforged line", "body\\u001b[31m\\r\\nred");
    }

    private void deadLetter(String dlq, String originalQueue, String body) {
        AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder().headers(Map.of(
                "x-ctec-exception", "java.lang.IllegalStateException: test", "x-ctec-attempts", 5,
                "x-ctec-original-queue", originalQueue, "x-ctec-failed-at", "2026-01-01T00:00:00Z")).build();
        broker.publish("", dlq, properties, body.getBytes(StandardCharsets.UTF_8));
    }
}
