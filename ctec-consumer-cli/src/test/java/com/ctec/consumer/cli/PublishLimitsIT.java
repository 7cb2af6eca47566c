package com.ctec.consumer.cli;

import com.ctec.consumer.testing.Broker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code publish} with bodies too big for the JVM or for the broker: one clear sentence each. */
class PublishLimitsIT {
    private final Broker broker = new Broker();

    @AfterEach
    void cleanUp() {
        broker.close();
    }

    @Test
    void aSizeNoBrokerAcceptsIsAUsageErrorNotAnOutOfMemoryTrace() throws Exception {
        String queue = broker.queue("cli-publish-huge");

        Cli.Result result = Cli.run("publish", "--queue", queue, "--size", "2147483647");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(Exit.USAGE);
        assertThat(result.stderr().strip()).as(result.toString())
                .isEqualTo("--size 2,147,483,647 is more than RabbitMQ accepts in one message (at most 536,870,912 bytes, "
                        + "and 128 MiB unless max_message_size is raised): use a smaller size.");
        assertThat(broker.messageCount(queue)).isZero();
    }

    @Test
    void aMessageAboveTheBrokersMaxSizeIsReportedWithTheBrokersReasonNotAsOverload() throws Exception {
        String queue = broker.queue("cli-publish-406");

        // 140 MB: above RabbitMQ's default max_message_size of 128 MiB, which the broker answers with 406.
        Cli.Result result = Cli.run("publish", "--queue", queue, "--size", "140000000");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(Exit.FAILURE);
        assertThat(result.stderr().strip()).as(result.toString())
                .startsWith("The broker refused the messages to queue '" + queue + "' and closed the channel (406 PRECONDITION_FAILED")
                .contains("max size").endsWith("send smaller messages, or raise the broker's max_message_size.")
                .doesNotContain("overloaded").doesNotContain("\n");
    }
}
