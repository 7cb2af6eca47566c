package com.ctec.consumer.agent.registry;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RegistryReaderTest {
    private TestingServer server;
    private CuratorFramework client;

    @BeforeEach
    void startZooKeeper() throws Exception {
        server = new TestingServer(true);
        client = CuratorFrameworkFactory.newClient(server.getConnectString(), new RetryOneTime(100));
        client.start();
    }

    @AfterEach
    void stopZooKeeper() throws Exception {
        client.close();
        server.close();
    }

    @Test
    void readsEveryAppAndItsInstancesSortedAndSkipsNodesThatAreNotEntries() throws Exception {
        put("/ctec-consumer/b-app/10.0.0.2:7", entry("b-app", "10.0.0.2", 7));
        put("/ctec-consumer/a-app/10.0.0.9:2", entry("a-app", "10.0.0.9", 2));
        put("/ctec-consumer/a-app/10.0.0.1:3", entry("a-app", "10.0.0.1", 3));
        put("/ctec-consumer/a-app/garbage", "not json");
        client.create().creatingParentsIfNeeded().forPath("/ctec-consumer/empty-app");

        RegistryReader reader = new RegistryReader(client, "/ctec-consumer");

        assertThat(reader.apps()).containsExactly("a-app", "b-app", "empty-app");
        assertThat(reader.instances("a-app")).extracting(RegistryEntry::instanceId)
                .containsExactly("10.0.0.1:3", "10.0.0.9:2");
        assertThat(reader.all()).containsOnlyKeys("a-app", "b-app");
        assertThat(reader.instances("unknown")).isEmpty();
    }

    @Test
    void invalidNodesAreSkippedAndNamedWithTheirProblemWhileTheOthersAreRead() throws Exception {
        put("/ctec-consumer/app/10.0.0.1:3", entry("app", "10.0.0.1", 3));
        put("/ctec-consumer/app/10.0.0.1:4", "{\"appName\":\"app\\");
        put("/ctec-consumer/app/10.0.0.1:5", "[".repeat(200_000));
        client.create().creatingParentsIfNeeded().forPath("/ctec-consumer/app/10.0.0.1:6", new byte[0]);
        List<RegistryReader.InvalidNode> invalid = new ArrayList<>();

        Map<String, List<RegistryEntry>> all = new RegistryReader(client, "/ctec-consumer").all(invalid::add);

        assertThat(all.get("app")).extracting(RegistryEntry::instanceId).containsExactly("10.0.0.1:3");
        assertThat(invalid).extracting(RegistryReader.InvalidNode::path).containsExactly(
                "/ctec-consumer/app/10.0.0.1:4", "/ctec-consumer/app/10.0.0.1:5", "/ctec-consumer/app/10.0.0.1:6");
        assertThat(invalid.get(1).problem()).contains("nested deeper than");
        assertThat(invalid.get(2).problem()).isEqualTo("holds no data");
    }

    @Test
    void aRegistryNotCreatedYetIsEmpty() {
        RegistryReader reader = new RegistryReader(client, "/nothing-here");

        assertThat(reader.apps()).isEmpty();
        assertThat(reader.all()).isEmpty();
    }

    @Test
    void aRelativeRootIsRefusedWithTheFix() {
        assertThatThrownBy(() -> new RegistryReader(client, "ctec-consumer"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("e.g. /ctec-consumer");
    }

    private void put(String path, String json) throws Exception {
        client.create().creatingParentsIfNeeded().forPath(path, json.getBytes(StandardCharsets.UTF_8));
    }

    private static String entry(String app, String hostIp, long pid) {
        return "{\"appName\":\"" + app + "\",\"hostIp\":\"" + hostIp + "\",\"pid\":" + pid + ",\"state\":\"RUNNING\"}";
    }
}
