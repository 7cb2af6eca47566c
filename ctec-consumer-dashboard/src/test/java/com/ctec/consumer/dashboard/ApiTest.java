package com.ctec.consumer.dashboard;

import com.ctec.consumer.Consumer;
import com.ctec.consumer.agent.registry.RegistryEntry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.DoubleStream;
import java.util.zip.GZIPInputStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The JSON API against a real ZooKeeper filled by the real agent of real consumers on the real broker. */
class ApiTest {
    private static final String XSS_APP = "<img src=x onerror=alert(1)>";

    private static TestFleet fleet;
    private static DashboardServer dashboard;
    private static Api api;
    private static String ordersQueue;

    @BeforeAll
    static void startFleetAndDashboard() throws Exception {
        fleet = new TestFleet();
        ordersQueue = fleet.broker().queue("orders");
        fleet.consumer("orders", ordersQueue);
        fleet.consumer(XSS_APP, fleet.broker().queue("xss"));
        fleet.broker().publishNumbered(ordersQueue, 5);
        dashboard = fleet.dashboard();
        api = new Api(dashboard);
    }

    @AfterAll
    static void stop() throws Exception {
        fleet.close();
    }

    @Test
    void overviewListsEveryAppWithItsInstanceCountStatusAndRate() throws Exception {
        await().atMost(Duration.ofSeconds(20)).until(() -> api.appLine("orders") != null && api.appLine(XSS_APP) != null);

        Map<String, Object> orders = api.appLine("orders");
        assertThat(orders).containsEntry("status", "ok").containsEntry("instances", 1L).containsEntry("running", 1L)
                .containsEntry("stale", 0L).containsEntry("gone", 0L).containsKeys("messagesPerMinute", "updatedAt");
        assertThat(api.overview()).containsEntry("root", TestFleet.ROOT).containsEntry("connected", true).containsKey("now");
    }

    @Test
    void appDocumentDescribesEachInstanceWithItsQueuesAndSeries() throws Exception {
        // Five messages: the minutes of the instance's messages-per-minute series hold them, whatever the interval.
        await().atMost(Duration.ofSeconds(20)).until(() -> api.appLine("orders") != null
                && sum(Api.list(api.app("orders"), "instances").get(0), "messagesPerMinute") == 5);

        Map<String, Object> app = api.app("orders");
        assertThat(app).containsEntry("name", "orders").containsEntry("status", "ok");
        Map<String, Object> instance = Api.list(app, "instances").get(0);
        assertThat(instance).containsEntry("pid", ProcessHandle.current().pid())
                .containsEntry("deployPath", System.getProperty("user.dir"))
                .containsEntry("state", "RUNNING").containsEntry("status", "running")
                .containsEntry("intervalMs", 1000L).containsEntry("goneSince", null);
        assertThat((String) instance.get("hostIp")).isNotBlank();
        assertThat(instance.get("id")).isEqualTo(instance.get("hostIp") + ":" + instance.get("pid"));
        assertThat((Long) instance.get("threadCount")).isPositive();
        assertThat((Long) instance.get("startedAt")).isLessThanOrEqualTo((Long) instance.get("updatedAt"));
        assertThat(Api.list(instance, "queues")).singleElement().satisfies(q -> assertThat(q)
                .containsEntry("queue", ordersQueue).containsEntry("prefetch", 30L).containsEntry("threads", 5L)
                .containsEntry("mode", "THREADS").containsEntry("delivered", 5L));
        // One instance: the total is its series, minute by minute.
        assertThat(sum(app, "messagesPerMinuteTotal")).isEqualTo(5);
        assertThat(values(instance, "messagesPerMinute").boxed().toList()).isNotEmpty();
        assertThat((List<?>) instance.get("cpu")).isNotEmpty();
        assertThat((List<?>) instance.get("memory")).isNotEmpty();
    }

    @Test
    void valuesFromZooKeeperAreEscapedInTheJson() throws Exception {
        await().atMost(Duration.ofSeconds(20)).until(() -> api.appLine(XSS_APP) != null);

        String overview = api.get("/api/apps").body();
        assertThat(overview).contains("\\u003cimg src=x onerror=alert(1)\\u003e").doesNotContain("<img");
        HttpResponse<String> app = api.get("/api/apps/" + Api.encode(XSS_APP));
        assertThat(app.statusCode()).isEqualTo(200);
        assertThat(app.headers().firstValue("Content-Type")).hasValue(Responses.JSON);
        assertThat(app.body()).doesNotContain("<");
        assertThat(api.app(XSS_APP)).containsEntry("name", XSS_APP);
    }

    @Test
    void anInstanceThatStopsIsShownAsGoneNotDropped() throws Exception {
        Consumer leaving = fleet.consumer("leaving", fleet.broker().queue("leaving"));
        await().atMost(Duration.ofSeconds(20)).until(() -> api.appLine("leaving") != null);

        leaving.close();

        await().atMost(Duration.ofSeconds(10)).until(() -> "gone".equals(Api.list(api.app("leaving"), "instances").get(0).get("status")));
        assertThat((Long) Api.list(api.app("leaving"), "instances").get(0).get("goneSince")).isPositive();
        assertThat(api.appLine("leaving")).containsEntry("status", "gone").containsEntry("instances", 0L)
                .containsEntry("gone", 1L).containsEntry("messagesPerMinute", 0L);
    }

    @Test
    void anEntryNotRewrittenForThreeIntervalsIsStale() throws Exception {
        long now = System.currentTimeMillis();
        fleet.write(entry("hung", now - 60_000, now - 3_500, "RUNNING"));

        await().atMost(Duration.ofSeconds(10)).until(() -> api.appLine("hung") != null);
        Map<String, Object> instance = Api.list(api.app("hung"), "instances").get(0);
        assertThat(instance).containsEntry("status", "stale").containsEntry("staleAfterMs", 3000L);
        assertThat(api.appLine("hung")).containsEntry("status", "stale").containsEntry("stale", 1L);
    }

    @Test
    void aRecoveringInstanceMakesItsAppRecovering() throws Exception {
        long now = System.currentTimeMillis();
        // A minute's interval: with the usual second, a slow machine could see it stale before recovering.
        RegistryEntry recovering = entry("wobbly", now, now, "RECOVERING", 60_000);
        fleet.write(recovering);

        await().atMost(Duration.ofSeconds(10)).until(() -> api.appLine("wobbly") != null);
        assertThat(api.appLine("wobbly")).containsEntry("status", "recovering").containsEntry("recovering", 1L);
        fleet.delete(recovering);
    }

    @Test
    void eventStreamNamesTheAppThatChanged() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(dashboard.url().resolve("/api/events")).build();
        HttpResponse<Stream<String>> events = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofLines());
        assertThat(events.headers().firstValue("Content-Type")).hasValue("text/event-stream; charset=utf-8");
        try (Stream<String> lines = events.body()) {
            CompletableFuture<String> announced = CompletableFuture.supplyAsync(
                    () -> lines.filter(l -> l.startsWith("data:") && l.contains("announced")).findFirst().orElseThrow());
            long now = System.currentTimeMillis();
            fleet.write(entry("announced", now, now, "RUNNING"));

            assertThat(announced.get(10, TimeUnit.SECONDS)).contains("\"apps\":[").contains("\"announced\"");
        }
    }

    @Test
    void largeDocumentsAreGzippedForClientsThatTakeIt() throws Exception {
        await().atMost(Duration.ofSeconds(20)).until(() -> api.get("/api/apps/orders").body().length() > 1024);
        HttpRequest request = HttpRequest.newBuilder(dashboard.url().resolve("/api/apps/orders"))
                .header("Accept-Encoding", "gzip").build();

        HttpResponse<byte[]> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofByteArray());

        assertThat(response.headers().firstValue("Content-Encoding")).hasValue("gzip");
        try (var unzipped = new GZIPInputStream(new ByteArrayInputStream(response.body()))) {
            assertThat(Api.document(new String(unzipped.readAllBytes(), StandardCharsets.UTF_8))).containsEntry("name", "orders");
        }
    }

    @Test
    void unknownAppsAndPathsAnswer404WithAReason() throws Exception {
        HttpResponse<String> response = api.get("/api/apps/nobody");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).contains("No app named 'nobody' under /ctec-consumer");
        assertThat(api.get("/api/nothing").statusCode()).isEqualTo(404);
        assertThat(api.get("/static/../pom.xml").statusCode()).isEqualTo(404);
        assertThat(api.get("/static/secret.js").statusCode()).isEqualTo(404);
    }

    @Test
    void theDashboardIsReadOnly() throws Exception {
        for (String method : List.of("POST", "PUT", "DELETE")) {
            HttpResponse<String> response = api.send(method, "/api/apps");
            assertThat(response.statusCode()).isEqualTo(405);
            assertThat(response.headers().firstValue("Allow")).hasValue("GET, HEAD");
        }
        assertThat(api.send("HEAD", "/").statusCode()).isEqualTo(200);
    }

    @Test
    void onLoopbackOnlyLoopbackNamesAreAnswered() throws Exception {
        // A page of another site whose name was rebound to 127.0.0.1 sends its own name as Host.
        assertThat(api.statusWithHost("evil.example:" + dashboard.port())).endsWith("403 Forbidden");
        assertThat(api.statusWithHost("localhost:" + dashboard.port())).endsWith("200 OK");
        assertThat(api.statusWithHost("127.0.0.1")).endsWith("200 OK");
    }

    @Test
    void pagesForbidInlineScriptsAndFraming() throws Exception {
        for (String path : List.of("/", "/app/orders", "/static/app.js", "/api/apps")) {
            HttpResponse<String> response = api.get(path);
            assertThat(response.statusCode()).as(path).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Security-Policy")).as(path).hasValueSatisfying(csp ->
                    assertThat(csp).contains("script-src 'self'").contains("frame-ancestors 'none'").doesNotContain("unsafe-inline"));
            assertThat(response.headers().firstValue("X-Content-Type-Options")).as(path).hasValue("nosniff");
        }
        assertThat(api.get("/").body()).contains("<title>ctec-consumer fleet</title>");
    }

    @Test
    void theOverviewPutsTroubleFirstWithItsFiguresAndTheAppPageJoinsTheHistoryAndListsTheLastFailures() throws Exception {
        long now = System.currentTimeMillis();
        long minute = now - now % 60_000;
        RegistryEntry.Failure failure = new RegistryEntry.Failure(now - 2_000, "java.sql.SQLException: timeout");
        RegistryEntry dying = Entries.troubled("zz-dying", 1, now, minute, failure, new double[]{0, 0, 0, 4, 2}, new double[]{5, 5, 5, 5, 5});
        RegistryEntry slow = Entries.troubled("zz-slow", 2, now, minute, null, new double[]{0, 0, 0, 0, 0}, new double[]{10, 20, 30, 40, 41});
        fleet.write(dying);
        fleet.write(slow);
        // A closed hour of "zz-dying", three hours ago, as the agent writes it.
        long hour = minute - minute % 3_600_000 - 3 * 3_600_000;
        RegistryEntry.Point old = new RegistryEntry.Point(hour + 60_000, 7);
        fleet.client().create().creatingParentContainersIfNeeded().forPath("/ctec-consumer-history/zz-dying/"
                + dying.instanceId() + "/" + hour, new com.ctec.consumer.agent.registry.HistorySeries(List.of(old), List.of(old),
                List.of(old), List.of(old), List.of(), List.of(old)).toJson().getBytes(StandardCharsets.UTF_8));

        await().atMost(Duration.ofSeconds(10)).until(() -> api.appLine("zz-dying") != null && api.appLine("zz-slow") != null);
        List<String> order = Api.list(api.overview(), "apps").stream().map(a -> (String) a.get("name")).toList();
        assertThat(order.indexOf("zz-dying")).isLessThan(order.indexOf("zz-slow"));
        assertThat(order.indexOf("zz-slow")).isLessThan(order.indexOf("orders"));
        assertThat(api.appLine("zz-dying")).containsEntry("status", "failing").containsEntry("failedPerMinute", 8L)
                .containsEntry("deadLetteredPerMinute", 4L).containsEntry("backlog", 5L);
        assertThat(api.appLine("zz-slow")).containsEntry("status", "behind").containsEntry("backlog", 41L);

        Map<String, Object> app = api.app("zz-dying");
        Map<String, Object> instance = Api.list(app, "instances").get(0);
        assertThat(instance).containsEntry("trouble", "failing");
        assertThat(values(instance, "messagesPerMinute").boxed().toList()).as("the closed hour joined in").contains(7.0);
        assertThat(((List<?>) instance.get("backlog")).get(0)).isEqualTo(List.of(hour + 60_000, 7L));
        assertThat(sum(app, "failedTotal")).isEqualTo(8 + 4 + 7);
        assertThat(sum(app, "deadLetteredTotal")).isEqualTo(4 + 2);
        assertThat(Api.list(app, "lastFailures")).singleElement().satisfies(line -> assertThat(line)
                .containsEntry("instance", dying.instanceId()).containsEntry("queue", "q.zz-dying")
                .containsEntry("error", "java.sql.SQLException: timeout").containsEntry("at", failure.at()));
        fleet.delete(dying);
        fleet.delete(slow);
    }

    @Test
    void startRefusesBadArgumentsAndATakenPort() {
        assertThatThrownBy(() -> DashboardServer.start(fleet.zookeeper(), "ctec-consumer", "127.0.0.1", 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("absolute path");
        assertThatThrownBy(() -> DashboardServer.start(" ", TestFleet.ROOT, "127.0.0.1", 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("No ZooKeeper given");
        assertThatThrownBy(() -> DashboardServer.start(fleet.zookeeper(), TestFleet.ROOT, "127.0.0.1", 70_000))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("70000");
        assertThatThrownBy(() -> DashboardServer.start(fleet.zookeeper(), TestFleet.ROOT, "127.0.0.1", dashboard.port()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("choose another port");
    }

    private static RegistryEntry entry(String app, long startedAt, long updatedAt, String state) {
        return entry(app, startedAt, updatedAt, state, 1000);
    }

    private static RegistryEntry entry(String app, long startedAt, long updatedAt, String state, long intervalMs) {
        return new RegistryEntry(app, "", "/opt/" + app, "10.9.9.9", 4242, "test", startedAt, updatedAt, state, 12, intervalMs,
                List.of(), List.of(), List.of(), List.of(), List.of(), List.of());
    }

    private static double sum(Map<String, Object> document, String series) {
        return values(document, series).sum();
    }

    private static DoubleStream values(Map<String, Object> document, String series) {
        return ((List<?>) document.get(series)).stream().mapToDouble(p -> ((Number) ((List<?>) p).get(1)).doubleValue());
    }
}
