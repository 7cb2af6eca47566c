package com.ctec.consumer.cli;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The newcomer's first command, end to end on the local broker. */
class DemoIT {
    @Test
    void demoRunsEveryStepPrintsTheSummaryAndDeletesItsQueues() throws Exception {
        Cli.Result result = Cli.run(Map.of(), Duration.ofSeconds(60), "demo", "--messages", "300");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        String out = result.stdout();
        assertThat(out).as(result.toString())
                .contains("step", "mode", "acked", "dead-lettered")
                .contains("threads", "virtual threads", "batch", "forward", "rpc", "dead letter")
                .contains("x-ctec-exception: java.lang.IllegalArgumentException", "x-ctec-attempts: 3", "x-ctec-original-queue")
                .contains("Deleted the");
        // Not a terminal: plain progress lines, never carriage returns.
        assertThat(out).doesNotContain("\r");
        Matcher prefix = Pattern.compile("queues (ctec-demo\\.[0-9a-f]+)\\.\\*").matcher(out);
        assertThat(prefix.find()).as(out).isTrue();
        // The management API's list follows the broker a moment later.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(ManagementApi.queueNames()).noneMatch(name -> name.startsWith(prefix.group(1))));
    }
}
