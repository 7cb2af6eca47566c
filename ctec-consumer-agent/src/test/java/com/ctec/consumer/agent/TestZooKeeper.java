package com.ctec.consumer.agent;

import com.ctec.consumer.agent.registry.RegistryEntry;
import com.ctec.consumer.agent.registry.RegistryReader;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.data.Stat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * A real ZooKeeper server for one test (curator-test), with a client and a registry reader. Its
 * tick of 200 ms lets sessions be as short as the tests' 2 s (ctec.agent.zkSessionTimeoutMs).
 */
final class TestZooKeeper implements AutoCloseable {
    static final String ROOT = "/ctec-consumer";

    private final TestingServer server;
    private final CuratorFramework client;
    private final RegistryReader reader;

    TestZooKeeper() throws Exception {
        this(System::currentTimeMillis);
    }

    /** A server whose reader judges entries (how far ahead, the last day) by {@code clock}. */
    TestZooKeeper(LongSupplier clock) throws Exception {
        server = new TestingServer(new InstanceSpec(null, -1, -1, -1, true, -1, 200, -1), true);
        client = CuratorFrameworkFactory.newClient(server.getConnectString(), 10_000, 5_000, new RetryOneTime(200));
        client.start();
        reader = new RegistryReader(client, ROOT, clock);
    }

    String connectString() {
        return server.getConnectString();
    }

    CuratorFramework client() {
        return client;
    }

    void stop() throws Exception {
        server.stop();
    }

    void restart() throws Exception {
        server.restart();
    }

    List<RegistryEntry> instances(String app) {
        return reader.instances(app);
    }

    /** This test process's entry for {@code app}, if it is registered now. */
    Optional<RegistryEntry> entry(String app) {
        return entry(app, ProcessHandle.current().pid());
    }

    Optional<RegistryEntry> entry(String app, long pid) {
        return instances(app).stream().filter(e -> e.pid() == pid).findFirst();
    }

    /** The raw JSON of this process's entry for {@code app}. */
    String json(String app) throws Exception {
        return new String(client.getData().forPath(path(app)), StandardCharsets.UTF_8);
    }

    Stat stat(String app) throws Exception {
        return client.checkExists().forPath(path(app));
    }

    String path(String app) {
        RegistryEntry entry = entry(app).orElseThrow(() -> new AssertionError("no registry entry for " + app));
        return ROOT + "/" + app + "/" + entry.instanceId();
    }

    @Override
    public void close() throws Exception {
        client.close();
        server.close();
    }
}
