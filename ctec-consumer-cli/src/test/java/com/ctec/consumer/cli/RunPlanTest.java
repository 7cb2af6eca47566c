package com.ctec.consumer.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How run layers its sources: file, then environment, then flags; and what it says about bad files. */
class RunPlanTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream warnings = new ByteArrayOutputStream();

    @Test
    void yamlTopSettingsApplyToEveryConsumerAndEntriesOverrideThem() throws Exception {
        RunPlan plan = resolve(yaml(), Map.of(), Map.of());

        assertThat(plan.consumers()).extracting(RunPlan.Spec::name).containsExactly("orders", "audit");
        assertThat(plan.consumers().get(0).get(Setting.PREFETCH)).contains("100");
        assertThat(plan.consumers().get(1).get(Setting.PREFETCH)).contains("200");
        assertThat(plan.consumers().get(1).get(Setting.BATCH_SIZE)).contains("50");
        assertThat(plan.processSetting(Setting.LOG_PATH)).contains("/tmp/logs");
    }

    @Test
    void environmentOverridesTheFileAndFlagsOverrideTheEnvironment() throws Exception {
        RunPlan plan = resolve(yaml(), Map.of("CTEC_PREFETCH", "7", "CTEC_AUDIT__PREFETCH", "9", "CTEC_THREADS", "3"),
                Map.of(Setting.THREADS, "4"));

        assertThat(plan.consumers().get(0).get(Setting.PREFETCH)).contains("7");
        assertThat(plan.consumers().get(1).get(Setting.PREFETCH)).contains("9");
        assertThat(plan.consumers().get(1).source(Setting.PREFETCH).source()).isEqualTo("environment variable CTEC_AUDIT__PREFETCH");
        assertThat(plan.consumers()).allSatisfy(c -> assertThat(c.get(Setting.THREADS)).contains("4"));
    }

    @Test
    void propertiesFileNamesConsumersByTheirKeys() throws Exception {
        Path file = dir.resolve("app.properties");
        Files.writeString(file, """
                url=amqp://guest:guest@127.0.0.1:5672/
                prefetch=100
                consumers.orders.queue=orders.save
                consumers.orders.worker=PrintWorker
                consumers.audit.queue=orders.audit
                consumers.audit.worker=PrintBatchWorker
                consumers.audit.batchSize=50
                """);

        RunPlan plan = resolve(file, Map.of(), Map.of());

        assertThat(plan.consumers()).extracting(RunPlan.Spec::name).containsExactly("audit", "orders");
        assertThat(plan.consumers().get(0).get(Setting.BATCH_SIZE)).contains("50");
        assertThat(plan.consumers().get(1).get(Setting.PREFETCH)).contains("100");
    }

    @Test
    void withoutAFileTheFlagsAndEnvironmentMakeOneConsumer() {
        RunPlan plan = RunPlan.resolve(null, Map.of("CTEC_QUEUE", "orders"), Map.of(Setting.WORKER, "PrintWorker"), out());

        assertThat(plan.consumers()).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo("orders");
            assertThat(c.get(Setting.WORKER)).contains("PrintWorker");
        });
    }

    @Test
    void missingQueueOrWorkerIsAUsageError() {
        assertThatThrownBy(() -> RunPlan.resolve(null, Map.of(), Map.of(), out()))
                .isInstanceOf(CliException.class).hasMessageStartingWith("No queue to consume");
        assertThatThrownBy(() -> RunPlan.resolve(null, Map.of(), Map.of(Setting.QUEUE, "q"), out()))
                .hasMessage("No worker for queue 'q': pass --worker CLASS (e.g. --worker PrintWorker).");
    }

    @Test
    void processSettingInsideAConsumerIsRejected() throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, "consumers:\n  - queue: a\n    worker: PrintWorker\n    log-path: /tmp\n");

        assertThatThrownBy(() -> ConfigFile.read(file)).isInstanceOf(CliException.class)
                .hasMessageContaining("'log-path' holds for the whole process");
    }

    @Test
    void processesModeWithSeveralConsumersIsRejected() throws Exception {
        assertThatThrownBy(() -> resolve(yaml(), Map.of("CTEC_MODE", "processes"), Map.of()))
                .isInstanceOf(CliException.class).hasMessageStartingWith("PROCESSES mode starts child JVMs");
    }

    @Test
    void misspeltConsumerVariableIsReported() throws Exception {
        resolve(yaml(), Map.of("CTEC_ORDRES__PREFETCH", "5"), Map.of());

        assertThat(warnings.toString(StandardCharsets.UTF_8)).contains("CTEC_ORDRES__PREFETCH matches no consumer");
    }

    @Test
    void durationsAcceptUnitsIsoAndBareSeconds() {
        assertThat(Values.duration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Values.duration("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(Values.duration("PT30S")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Values.duration("30")).isEqualTo(Duration.ofSeconds(30));
        assertThatThrownBy(() -> Values.duration("soon")).isInstanceOf(IllegalArgumentException.class);
    }

    private Path yaml() throws Exception {
        Path file = dir.resolve("app.yaml");
        Files.writeString(file, """
                url: amqp://guest:guest@127.0.0.1:5672/
                prefetch: 100
                log-path: /tmp/logs
                consumers:
                  - name: orders
                    queue: orders.save
                    worker: PrintWorker
                  - name: audit
                    queue: orders.audit
                    worker: PrintBatchWorker
                    batchSize: 50
                    prefetch: 200
                """);
        return file;
    }

    private RunPlan resolve(Path file, Map<String, String> env, Map<Setting, String> flags) {
        return RunPlan.resolve(ConfigFile.read(file), env, flags, out());
    }

    private PrintStream out() {
        return new PrintStream(warnings, true, StandardCharsets.UTF_8);
    }
}
