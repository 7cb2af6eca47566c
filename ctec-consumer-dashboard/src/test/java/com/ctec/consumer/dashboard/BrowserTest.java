package com.ctec.consumer.dashboard;

import com.ctec.consumer.agent.registry.RegistryEntry;
import com.ctec.consumer.testing.Broker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The pages in a real headless Chromium, against the real agent of consumers in this JVM and in a
 * child JVM that the test kills while the app page is open.
 */
class BrowserTest {
    /** No '/' in it: the builder refuses an app name that would not be one registry node. */
    private static final String SCRIPT_APP = "<script>alert(1)<\\script>";
    private static final String SCRIPT_APP_NODE = SCRIPT_APP;
    private static final String IMG_APP = "<img src=x onerror=alert(2)>";
    private static final Duration WAIT = Duration.ofSeconds(90); // generous: a child JVM and a browser on a busy machine

    @Test
    void theOpenPagesShowTheFleetAndFollowItLive(@TempDir Path profile) throws Exception {
        try (Chromium chromium = Chromium.start(profile); TestFleet fleet = new TestFleet()) {
            String queue = fleet.broker().queue("orders");
            fleet.consumer("orders", queue);
            Process child = fleet.child("orders", queue);
            fleet.consumer(SCRIPT_APP, fleet.broker().queue("xss-script"));
            fleet.consumer(IMG_APP, fleet.broker().queue("xss-img"));
            try (DashboardServer dashboard = DashboardServer.start(fleet.zookeeper(), TestFleet.ROOT, "127.0.0.1", 0);
                 Traffic traffic = new Traffic(queue)) {
                overviewListsTheAppsAsText(chromium, dashboard);
                filterNarrowsTheList(chromium);

                chromium.script("document.querySelector(\"tr.app[data-app='orders'] a\").click()");
                String childRow = "tr.instance[data-id$=':" + child.pid() + "']";
                appPageShowsInstancesAndCharts(chromium, childRow, queue);
                hoverShowsTimeAndValues(chromium);

                chromium.script("window.sameDocument = true");
                child.destroyForcibly().waitFor();
                await().atMost(WAIT).until(() -> chromium.attribute(childRow, "class").contains("status-gone"));
                assertThat(chromium.text(childRow)).contains("gone since");
                assertThat(chromium.lines("chart-cpu")).as("a gone instance keeps its (greyed) line").isEqualTo(2);
                assertThat(chromium.count("#chart-cpu path.line.gone")).isEqualTo(1);
                assertThat(chromium.text("#status")).isEqualTo("gone");

                // A hung process: its entry stays but is no longer rewritten; time alone makes it stale.
                long now = System.currentTimeMillis();
                fleet.write(Entries.entry("orders", 4242, now, 1_000, "RUNNING"));
                String hungRow = "tr.instance[data-id='10.9.9.9:4242']";
                await().atMost(WAIT).until(() -> chromium.attribute(hungRow, "class").contains("status-stale"));
                assertThat(chromium.text(hungRow)).contains("no update for");
                assertThat(chromium.lines("chart-messages")).isEqualTo(3 + 1);

                assertThat(chromium.script("return window.sameDocument")).as("updated without a reload").isEqualTo(true);
                assertThat(traffic.failed()).isFalse();
                assertThat(chromium.consoleErrors()).isEmpty();
            }
        }
    }

    @Test
    void troubleComesFirstAndTheAppPageShowsFailuresDeadLettersAndBacklog(@TempDir Path profile) throws Exception {
        try (Chromium chromium = Chromium.start(profile); TestFleet fleet = new TestFleet()) {
            long now = System.currentTimeMillis();
            long minute = now - now % 60_000;
            fleet.write(Entries.troubled("calm", 1, now, minute, null, new double[5], new double[5]));
            fleet.write(Entries.troubled("slow", 2, now, minute, null, new double[5], new double[]{10, 20, 30, 40, 45}));
            fleet.write(Entries.troubled("stuck", 3, now, minute, null, new double[5], new double[]{9, 9, 9, 9, 9})
                    .withSeries(new com.ctec.consumer.agent.registry.HistorySeries(List.of(), List.of(),
                            Entries.minutes(minute, new double[5]), List.of(), List.of(), Entries.minutes(minute, new double[]{9, 9, 9, 9, 9}))));
            RegistryEntry.Failure failure = new RegistryEntry.Failure(now - 1_000, "java.lang.IllegalStateException: <b>bad</b> row");
            fleet.write(Entries.troubled("dying", 4, now, minute, failure, new double[]{0, 0, 1, 3, 0}, new double[5]));
            try (DashboardServer dashboard = DashboardServer.start(fleet.zookeeper(), TestFleet.ROOT, "127.0.0.1", 0)) {
                chromium.driver().get(dashboard.url().toString());
                await().atMost(WAIT).until(() -> chromium.count("tr.app") == 4);

                assertThat(chromium.attributes("tr.app", "data-app")).containsExactly("dying", "stuck", "slow", "calm");
                assertThat(chromium.texts("tr.app td:first-child")).containsExactly("failing", "stalled", "behind", "ok");
                assertThat(chromium.text("tr.app[data-app='dying'] td.dead")).isEqualTo("3");
                assertThat(chromium.text("tr.app[data-app='dying'] td.failed")).isEqualTo("6");
                assertThat(chromium.text("tr.app[data-app='slow'] td.backlog")).isEqualTo("45");

                chromium.script("document.querySelector(\"tr.app[data-app='dying'] a\").click()");
                await().atMost(WAIT).until(() -> chromium.count("#chart-backlog svg") == 1 && chromium.count("li.failure") == 1);
                assertThat(chromium.lines("chart-failed")).as("the instance and the total").isEqualTo(2);
                assertThat(chromium.lines("chart-dead")).isEqualTo(2);
                assertThat(chromium.lines("chart-backlog")).isEqualTo(1);
                assertThat(chromium.text("li.failure")).contains("10.9.9.9:4 · q.dying: java.lang.IllegalStateException: <b>bad</b> row");
                assertThat(chromium.count("li.failure b")).as("the error is text").isZero();
                assertThat(chromium.text("tr.instance")).contains("failing");
                assertThat(chromium.consoleErrors()).isEmpty();
            }
        }
    }

    private static void overviewListsTheAppsAsText(Chromium chromium, DashboardServer dashboard) {
        chromium.driver().get(dashboard.url().toString());
        await().atMost(WAIT).until(() -> chromium.count("tr.app") == 3
                && chromium.text("tr.app[data-app='orders'] td:nth-child(3)").startsWith("2"));
        assertThat(chromium.texts("tr.app td.name a")).containsExactlyInAnyOrder("orders", SCRIPT_APP_NODE, IMG_APP);
        assertThat(chromium.text("tr.app[data-app='orders'] td:first-child")).isEqualTo("ok");
        // The names are text: no element was made of them, no script ran.
        assertThat(chromium.script("return document.querySelectorAll('img').length")).isEqualTo(0L);
        assertThat(chromium.script("return document.scripts.length")).isEqualTo(2L);
        assertThatThrownBy(() -> chromium.driver().switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
    }

    private static void filterNarrowsTheList(Chromium chromium) {
        WebElement filter = chromium.driver().findElement(By.id("filter"));
        filter.sendKeys("ORD");
        assertThat(chromium.attributes("tr.app", "data-app")).containsExactly("orders");
        assertThat(chromium.driver().getCurrentUrl()).endsWith("?q=ORD");
        filter.clear();
        filter.sendKeys("nothing-like-it");
        assertThat(chromium.count("tr.app")).isZero();
        assertThat(chromium.text("#empty")).contains("No app name contains");
        filter.clear();
        filter.sendKeys(" ");
        assertThat(chromium.count("tr.app")).isEqualTo(3);
    }

    private static void appPageShowsInstancesAndCharts(Chromium chromium, String childRow, String queue) {
        // Two samples per instance at least, so every line is a line.
        await().atMost(WAIT).until(() -> chromium.count("tr.instance") == 2
                && chromium.attributes("#chart-memory path.line", "d").stream().allMatch(d -> d.contains("L")));
        assertThat(chromium.lines("chart-messages")).as("one per instance and the total").isEqualTo(2 + 1);
        assertThat(chromium.lines("chart-cpu")).isEqualTo(2);
        assertThat(chromium.lines("chart-memory")).isEqualTo(2);
        assertThat(chromium.text("#name")).isEqualTo("orders");
        assertThat(chromium.text(childRow)).contains(queue).contains("prefetch 30 · 5 threads · THREADS").contains("RUNNING");
        assertThat(chromium.attribute(childRow, "class")).contains("status-running");
    }

    private static void hoverShowsTimeAndValues(Chromium chromium) {
        // The charts are redrawn with every change: hover and read in one go.
        await().atMost(Duration.ofSeconds(5)).ignoreExceptions().until(() -> {
            new Actions(chromium.driver()).moveToElement(chromium.driver().findElement(By.cssSelector("#chart-messages svg"))).perform();
            return chromium.text("#chart-messages .tip:not([hidden])");
        }, tip -> tip.contains("all instances") && tip.matches("(?s)\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d.*"));
    }

    /** Messages for the charts to show: about 20 a second, on its own connection. */
    private static final class Traffic implements AutoCloseable {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicBoolean failed = new AtomicBoolean();
        private final Thread thread;

        Traffic(String queue) {
            thread = Thread.ofPlatform().daemon(true).name("test-traffic").start(() -> {
                try (Broker publisher = new Broker()) {
                    while (running.get()) {
                        publisher.publish(queue, "m");
                        Thread.sleep(50);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (RuntimeException e) {
                    failed.set(true);
                }
            });
        }

        boolean failed() {
            return failed.get();
        }

        @Override
        public void close() {
            running.set(false);
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
