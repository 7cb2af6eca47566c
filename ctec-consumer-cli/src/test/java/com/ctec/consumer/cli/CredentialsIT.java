package com.ctec.consumer.cli;

import com.ctec.consumer.testing.Broker;
import com.ctec.consumer.testing.RealBrokerTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Passwords off the command line: from the environment or a credentials file, and one warning when a flag holds one. */
class CredentialsIT extends RealBrokerTest {
    private static final String WARNING = "Warning: the password given with";

    @TempDir
    Path dir;

    @Test
    void aPasswordInAFlagIsWarnedAboutOnceAndNeverPrinted() throws Exception {
        Cli.Result result = Cli.run("run", "--url", "amqp://app:S3cret@127.0.0.1:1/", "--zookeeper-digest", "agent:Zk-S3cret",
                "--queue", "q", "--worker", "PrintWorker");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(Exit.FAILURE);
        assertThat(result.stderr().lines().filter(l -> l.startsWith(WARNING))).as(result.toString()).hasSize(1);
        assertThat(result.stderr()).contains("--url can be read by every user of this machine", "CTEC_PASSWORD", "--credentials")
                .doesNotContain("S3cret");
    }

    @Test
    void aMistypedOptionDoesNotEchoThePasswordThatFollowsIt() throws Exception {
        for (String[] command : new String[][] {{"run", "--urll", "amqp://app:S3cret@rabbit/", "--queue", "q"},
            {"status", "--zookeeper-digst", "agent:Zk-S3cret"}, {"publish", "--queue", "q", "amqp://app:S3cret@rabbit/"}}) {
            Cli.Result result = Cli.run(command);

            assertThat(result.exitCode()).as(result.toString()).isEqualTo(Exit.USAGE);
            assertThat(result.stderr()).as(result.toString()).contains("****").doesNotContain("S3cret");
        }
    }

    @Test
    void statusWarnsAboutADigestFlag() throws Exception {
        Cli.Result result = Cli.run("status", "--zookeeper", "127.0.0.1:1", "--timeout", "1s", "--zookeeper-digest", "agent:Zk-S3cret");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(Exit.FAILURE);
        assertThat(result.stderr()).as(result.toString()).contains(WARNING + " --zookeeper-digest").doesNotContain("S3cret");
    }

    @Test
    void theDefaultGuestAccountIsNoSecretAndGetsNoWarning() throws Exception {
        Cli.Result result = Cli.run("publish", "--url", "amqp://guest:guest@127.0.0.1:5672/", "--queue", broker.queue("cli-guest"));

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stderr()).doesNotContain(WARNING);
    }

    @Test
    void thePasswordOfAUrlWithoutOneComesFromTheEnvironment() throws Exception {
        String queue = broker.queue("cli-env-password");

        Cli.Result result = Cli.run(Map.of("CTEC_PASSWORD", "guest"), Duration.ofSeconds(60),
                "publish", "--url", "amqp://guest@127.0.0.1:5672/", "--queue", queue, "--count", "3");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stderr()).doesNotContain(WARNING);
        assertThat(broker.messageCount(queue)).isEqualTo(3);
    }

    @Test
    void aCredentialsFileGivesTheUrlAndOneOthersCanReadIsWarnedAbout() throws Exception {
        String queue = broker.queue("cli-credentials-file");
        Path file = Files.writeString(dir.resolve("rabbit.properties"), "url=amqp://guest@127.0.0.1:5672/\npassword=guest\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));

        Cli.Result quiet = Cli.run("publish", "--credentials", file.toString(), "--queue", queue);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        Cli.Result warned = Cli.run(Map.of("CTEC_CREDENTIALS", file.toString()), Duration.ofSeconds(60), "publish", "--queue", queue);

        assertThat(quiet.exitCode()).as(quiet.toString()).isZero();
        assertThat(quiet.stderr()).as(quiet.toString()).isBlank();
        assertThat(warned.exitCode()).as(warned.toString()).isZero();
        assertThat(warned.stderr().strip()).isEqualTo("Warning: credentials file " + file
                + " can be read by other users (mode rw-r--r--): chmod 600 " + file + ".");
        assertThat(broker.messageCount(queue)).isEqualTo(2);
    }

    @Test
    void processesModeChildrenShowNoUrlOnTheirCommandLines() throws Exception {
        String queue = broker.queue("cli-processes-cmdline");
        broker.publishNumbered(queue, 50);

        Cli.Running run = Cli.start(Map.of(), "run", "--url", Broker.URL, "--queue", queue, "--worker", "LogAndAckWorker",
                "--mode", "PROCESSES", "--processes", "2", "--agent", "false");
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> broker.channel().consumerCount(queue) == 2);
            List<ProcessHandle> children = run.process().toHandle().children().toList();
            assertThat(children).hasSize(2);
            for (ProcessHandle child : children) {
                String line = Files.readString(Path.of("/proc", Long.toString(child.pid()), "cmdline")).replace('\0', ' ');
                assertThat(line).doesNotContain(Broker.URL).doesNotContain(queue).contains(" @");
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> broker.messageCount(queue) == 0);
        } finally {
            run.process().destroy();
            assertThat(run.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(run.process().exitValue()).as(run.out() + run.err()).isZero();
    }

    @Test
    void aConfigFileWithAPasswordThatOthersCanReadIsWarnedAbout() throws Exception {
        Path config = Files.writeString(dir.resolve("consumers.yaml"),
                "url: amqp://app:S3cret@127.0.0.1:1/\nconsumers:\n  - queue: q\n    worker: PrintWorker\n");
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-r--r--"));

        Cli.Result result = Cli.run("run", "--config", config.toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(Exit.FAILURE);
        assertThat(result.stderr()).as(result.toString()).contains("Warning: config file " + config
                + " holds a password and can be read by other users (mode rw-r--r--): chmod 600 " + config + ".")
                .doesNotContain("S3cret");
    }

    @Test
    void anUnknownKeyInTheCredentialsFileIsNamedButNotItsValue() throws Exception {
        Path file = Files.writeString(dir.resolve("typo.properties"), "pasword=S3cret\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));

        Cli.Result result = Cli.run("publish", "--credentials", file.toString(), "--queue", "q");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(Exit.USAGE);
        assertThat(result.stderr().strip()).isEqualTo("Unknown key 'pasword' in credentials file " + file
                + ": use url, password or zookeeper-digest.");
    }
}
