package com.ctec.consumer.agent;

import com.ctec.consumer.testing.Broker;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ProcessKillTest {
    @Test
    void theEntryOfAKilledProcessDisappearsWhenItsSessionExpires() throws Exception {
        try (Broker broker = new Broker(); TestZooKeeper zk = new TestZooKeeper()) {
            String queue = broker.queue("killed");
            Process child = startChild(queue, "killed-app", zk.connectString());
            try {
                // Generous: a child JVM starting on a busy machine (load 20 seen) took over 30 s to register.
                await().atMost(Duration.ofSeconds(90)).until(() -> zk.entry("killed-app", child.pid()).isPresent());

                child.destroyForcibly().waitFor();

                // Session timeout 2 s: the server removes the ephemeral entry a few seconds after the kill.
                await().atMost(Duration.ofSeconds(60)).until(() -> zk.entry("killed-app", child.pid()).isEmpty());
                assertThat(zk.instances("killed-app")).isEmpty();
            } finally {
                child.destroyForcibly();
            }
        }
    }

    private static Process startChild(String queue, String app, String zookeeper) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        File log = new File("target/agent-child-" + queue + ".log");
        return new ProcessBuilder(List.of(java, "-cp", classpath,
                "-D" + ZooKeeperReporter.SESSION_TIMEOUT_PROPERTY + "=2000",
                AgentChild.class.getName(), queue, app, zookeeper))
                .redirectErrorStream(true).redirectOutput(log).start();
    }
}
