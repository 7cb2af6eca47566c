package com.ctec.consumer.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Mistakes a user makes on the command line: one clear line on stderr and the documented exit code. */
class BadInputIT {
    @TempDir
    Path dir;

    @Test
    void unknownOptionIsAUsageErrorWithASuggestion() throws Exception {
        Cli.Result result = Cli.run("run", "--queue", "q", "--worker", "PrintWorker", "--prefetc", "10");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(Exit.USAGE);
        assertThat(result.stderr().strip()).as(result.toString())
                .contains("Unknown option", "'--prefetc'", "did you mean --prefetch").doesNotContain("\n");
    }

    @Test
    void missingWorkerClassIsAUsageError() throws Exception {
        Cli.Result result = Cli.run("run", "--queue", "q", "--worker", "com.example.NoSuchWorker");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(Exit.USAGE);
        assertThat(result.stderr().strip()).as(result.toString())
                .startsWith("Worker class 'com.example.NoSuchWorker' was not found").doesNotContain("\n");
    }

    @Test
    void classThatIsNotAWorkerIsAUsageError() throws Exception {
        Cli.Result result = Cli.run("run", "--queue", "q", "--worker", "java.lang.String");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(Exit.USAGE);
        assertThat(result.stderr()).contains("is not a worker");
    }

    @Test
    void invalidYamlIsAUsageErrorNamingTheLine() throws Exception {
        Path config = dir.resolve("bad.yaml");
        Files.writeString(config, "url: amqp://127.0.0.1/\nconsumers:\n  - queue: a\n   worker: [unclosed\n");

        Cli.Result result = Cli.run("run", "--config", config.toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(Exit.USAGE);
        assertThat(result.stderr().strip()).as(result.toString())
                .contains("bad.yaml is not valid YAML at line").doesNotContain("\n");
    }

    @Test
    void unknownSettingInTheConfigFileIsAUsageError() throws Exception {
        Path config = dir.resolve("typo.yaml");
        Files.writeString(config, "consumers:\n  - queue: a\n    worker: PrintWorker\n    prefecth: 10\n");

        Cli.Result result = Cli.run("run", "--config", config.toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(Exit.USAGE);
        assertThat(result.stderr()).contains("Unknown setting 'prefecth'").contains("did you mean 'prefetch'");
    }

    @Test
    void missingConfigFileIsAUsageError() throws Exception {
        Cli.Result result = Cli.run("run", "--config", dir.resolve("none.yaml").toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(Exit.USAGE);
        assertThat(result.stderr()).contains("does not exist");
    }

    @Test
    void badValueFromTheEnvironmentNamesTheVariable() throws Exception {
        Cli.Result result = Cli.run(Map.of("CTEC_PREFETCH", "lots"), Duration.ofSeconds(30),
                "run", "--queue", "q", "--worker", "PrintWorker");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(Exit.USAGE);
        assertThat(result.stderr()).contains("prefetch was 'lots'").contains("environment variable CTEC_PREFETCH");
    }

    @Test
    void noBrokerOnAClosedPortFailsWithTheOneLineHint() throws Exception {
        for (String[] command : new String[][] {
            {"demo", "--url", "amqp://guest:guest@127.0.0.1:1/"},
            {"run", "--url", "amqp://guest:guest@127.0.0.1:1/", "--queue", "q", "--worker", "PrintWorker"},
            {"publish", "--url", "amqp://guest:guest@127.0.0.1:1/", "--queue", "q"},
            {"dlq", "list", "--url", "amqp://guest:guest@127.0.0.1:1/", "--queue", "q"}}) {
            Cli.Result result = Cli.run(command);

            assertThat(result.exitCode()).as(result.toString()).isEqualTo(Exit.FAILURE);
            assertThat(result.stderr().strip()).as(result.toString())
                    .startsWith("No RabbitMQ on 127.0.0.1:1: start one with `rabbitmq-server -detached`")
                    .doesNotContain("\n");
        }
    }

    @Test
    void aMalformedUrlIsExplainedWithoutItsPasswordByRunPublishAndTheConfigFile() throws Exception {
        Path config = dir.resolve("leaky.yaml");
        Files.writeString(config, "url: amqp://u:S3cr/et@127.0.0.1:5672/\nconsumers:\n  - queue: a\n    worker: PrintWorker\n");
        for (String[] command : new String[][] {
            {"run", "--config", config.toString()},
            {"run", "--url", "amqp:/u:S3cret@127.0.0.1", "--queue", "q", "--worker", "PrintWorker"},
            {"publish", "--url", "amqp//u:S3cret@127.0.0.1", "--queue", "q"},
            {"publish", "--url", "amqp://u:S3cret@[/", "--queue", "q"},
            {"dlq", "list", "--url", "amqp://u:S3cr/et@127.0.0.1/", "--queue", "q"}}) {
            Cli.Result result = Cli.run(command);

            assertThat(result.exitCode()).as(result.toString()).isEqualTo(Exit.USAGE);
            assertThat(result.stderr().strip()).as(result.toString())
                    .contains("AMQP URL", "****", "is invalid").doesNotContain("S3c").doesNotContain("\n");
        }
    }

    @Test
    void noSubcommandShowsTheCommandsAndIsAUsageError() throws Exception {
        Cli.Result result = Cli.run();

        assertThat(result.exitCode()).isEqualTo(Exit.USAGE);
        assertThat(result.stderr()).contains("run", "demo", "status", "publish", "dlq", "dashboard");
    }

    @Test
    void everyCommandHasHelp() throws Exception {
        for (String[] command : new String[][] {{"--help"}, {"run", "--help"}, {"demo", "--help"}, {"status", "--help"},
            {"publish", "--help"}, {"dlq", "--help"}, {"dlq", "list", "--help"}, {"dlq", "move", "--help"}, {"dashboard", "--help"}}) {
            Cli.Result result = Cli.run(command);

            assertThat(result.exitCode()).as(String.join(" ", command)).isZero();
            assertThat(result.stdout()).as(String.join(" ", command)).contains("Usage: ctec-consumer");
        }
    }
}
