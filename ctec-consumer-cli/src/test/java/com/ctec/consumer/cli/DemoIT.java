package com.ctec.consumer.cli;

import com.ctec.consumer.testing.Management;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
        // Its consumers registered in its own ZooKeeper, and the demo showed them with status.
        assertThat(out).as(result.toString()).contains("What the consumers registered in ZooKeeper at 127.0.0.1:")
                .contains("failed/min", "dead/min", "backlog", "Last failures (last hour):")
                .containsPattern("demo-dead-letter +\\S+ +\\d+ +FAILING")
                .containsPattern("demo-threads +\\S+ +\\d+ +RUNNING")
                .contains("cannot handle a poison message: poison pill");
        // Not a terminal: plain progress lines, never carriage returns.
        assertThat(out).doesNotContain("\r");
        Matcher prefix = Pattern.compile("queues (ctec-demo\\.[0-9a-f]+)\\.\\*").matcher(out);
        assertThat(prefix.find()).as(out).isTrue();
        // The management API's list follows the broker a moment later.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(Management.queueNames(Management.PORT)).noneMatch(name -> name.startsWith(prefix.group(1))));
    }

    @Test
    void withWatchTheDemoFleetKeepsRunningOnTheDashboardOfTheGivenZooKeeperUntilStopped() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        try (TestingServer zookeeper = new TestingServer(true)) {
            Cli.Running demo = Cli.start(Map.of(), "demo", "--messages", "100", "--watch", "--port", Integer.toString(port),
                    "--zookeeper", zookeeper.getConnectString());
            try {
                await().atMost(Duration.ofSeconds(90)).until(() -> demo.out().contains("Dashboard: http://127.0.0.1:" + port + "/"));
                HttpClient http = HttpClient.newHttpClient();
                URI apps = URI.create("http://127.0.0.1:" + port + "/api/apps");
                // The steady stream keeps counting: the poison app dead-letters while we watch.
                await().atMost(Duration.ofSeconds(60)).until(() -> {
                    String body = http.send(HttpRequest.newBuilder(apps).build(), HttpResponse.BodyHandlers.ofString()).body();
                    return body.contains("\"name\":\"demo-dead-letter\",\"status\":\"failing\"") && body.contains("demo-threads");
                });
                assertThat(Cli.run("status", "--zookeeper", zookeeper.getConnectString(), "--app", "demo-threads").stdout())
                        .contains("demo-threads", Long.toString(demo.process().pid()));
            } finally {
                demo.process().destroy();
                assertThat(demo.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
            }
            Matcher prefix = Pattern.compile("queues (ctec-demo\\.[0-9a-f]+)\\.\\*").matcher(demo.out());
            assertThat(prefix.find()).as(demo.out()).isTrue();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(Management.queueNames(Management.PORT)).noneMatch(name -> name.startsWith(prefix.group(1))));
        }
    }
}
