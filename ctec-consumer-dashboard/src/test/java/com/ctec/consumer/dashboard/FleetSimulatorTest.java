package com.ctec.consumer.dashboard;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The registry at fleet scale ({@link FleetSimulator}): what the agent's writes cost ZooKeeper per
 * process and minute, before and after issue 15, and what the dashboard then costs. Small by default;
 * {@code scripts/fleet-simulator} runs it at 500 processes in 150 apps
 * ({@code -Dctec.fleet.processes=500 -Dctec.fleet.apps=150}) and prints the figures of docs/monitoring.md.
 */
class FleetSimulatorTest {
    private static final int PROCESSES = Integer.getInteger("ctec.fleet.processes", 20);
    private static final int APPS = Integer.getInteger("ctec.fleet.apps", 6);
    private static final int MINUTES = Integer.getInteger("ctec.fleet.minutes", 60);
    private static final int OLD_MINUTES = Integer.getInteger("ctec.fleet.oldMinutes", 2);
    private static final long BUDGET_BYTES_PER_MINUTE = 16 * 1024;

    @Test
    void aProcessWritesAtMost16KilobytesAMinuteWithADayOfHistoryAndTheDashboardReadsOnlyWhatItShows(@TempDir Path profile)
            throws Exception {
        System.setProperty("zookeeper.forceSync", "no"); // Speed only: the bytes written are the same.
        StringBuilder report = new StringBuilder();
        try (FleetSimulator fleet = new FleetSimulator(PROCESSES, APPS)) {
            long now = System.currentTimeMillis();
            FleetSimulator.Cost before = fleet.measureOldLayout(now, OLD_MINUTES);
            FleetSimulator.Cost after = fleet.measureRegistry(now, MINUTES);
            line(report, "%d processes in %d apps, ZooKeeper transaction log per process and minute: before (a day in the entry, "
                    + "%d min) %,.0f bytes, after (last hour in the entry, closed hours in history, %d min) %,.0f bytes",
                    PROCESSES, APPS, OLD_MINUTES, before.bytesPerProcessPerMinute(), MINUTES, after.bytesPerProcessPerMinute());
            line(report, "per process and day: before %,.1f MB, after %,.1f MB; whole fleet per day: before %,.2f GB, after %,.2f GB",
                    before.bytesPerProcessPerMinute() * 1440 / 1e6, after.bytesPerProcessPerMinute() * 1440 / 1e6,
                    before.bytesPerProcessPerMinute() * 1440 * PROCESSES / 1e9, after.bytesPerProcessPerMinute() * 1440 * PROCESSES / 1e9);
            assertThat(after.bytesPerProcessPerMinute()).isLessThanOrEqualTo(BUDGET_BYTES_PER_MINUTE);
            assertThat(after.bytesPerProcessPerMinute()).isLessThan(before.bytesPerProcessPerMinute() / 5);

            fleet.refresh(System.currentTimeMillis());
            long heapBefore = usedHeapAfterGc();
            try (DashboardServer dashboard = DashboardServer.start(fleet.connectString(), FleetSimulator.ROOT, "127.0.0.1", 0)) {
                Api api = new Api(dashboard);
                await().atMost(Duration.ofMinutes(2)).until(() -> Api.list(api.overview(), "apps").size() == APPS);
                long heapAfter = usedHeapAfterGc();
                line(report, "dashboard: %,.1f MB of heap for the fleet (used heap after a full GC, with and without it)",
                        (heapAfter - heapBefore) / 1e6);

                Timed overview = timed(dashboard.url().resolve("api/apps"));
                long overviewWarm = Long.MAX_VALUE;
                for (int i = 0; i < 5; i++) {
                    overviewWarm = Math.min(overviewWarm, timed(dashboard.url().resolve("api/apps")).millis());
                }
                Timed cold = timed(dashboard.url().resolve("api/apps/app-0"));
                Timed warm = timed(dashboard.url().resolve("api/apps/app-0"));
                line(report, "/api/apps: first %d ms, then %d ms (best of 5), %,d bytes; /api/apps/app-0 (%d instances, a day of "
                        + "history read): first %d ms, again %d ms, %,d bytes", overview.millis(), overviewWarm, overview.bytes(),
                        PROCESSES / APPS, cold.millis(), warm.millis(), warm.bytes());
                Map<String, Object> app = api.app("app-0");
                assertThat(Api.list(app, "instances")).allSatisfy(i -> assertThat((List<?>) i.get("messagesPerMinute"))
                        .as("a day of minutes, joined from the history").hasSizeGreaterThan(23 * 60));

                if (Files.isExecutable(Chromium.BROWSER)) {
                    try (Chromium chromium = Chromium.start(profile)) {
                        chromium.driver().get(dashboard.url().resolve("api/apps").toString()); // Warm: the browser's start is not the page's.
                        for (int load = 1; load <= 3; load++) {
                            chromium.driver().get("about:blank");
                            long started = System.nanoTime();
                            chromium.driver().get(dashboard.url().toString());
                            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(20))
                                    .until(() -> chromium.count("tr.app") == APPS);
                            long pageMillis = (System.nanoTime() - started) / 1_000_000;
                            line(report, "overview in headless Chromium, load %d: %d rows %d ms after navigation", load, APPS,
                                    pageMillis);
                        }
                    }
                }
            }
        }
        line(report, "load average of the machine meanwhile: %.1f on %d processors",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), Runtime.getRuntime().availableProcessors());
        Files.writeString(Path.of("target", "fleet-simulator.txt"), report);
    }

    private record Timed(long millis, long bytes) {
    }

    private static Timed timed(URI uri) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        long started = System.nanoTime();
        HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        return new Timed((System.nanoTime() - started) / 1_000_000, response.body().length);
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static void line(StringBuilder report, String format, Object... args) {
        String text = String.format(format, args);
        System.out.println("[fleet] " + text);
        report.append(text).append('\n');
    }
}
