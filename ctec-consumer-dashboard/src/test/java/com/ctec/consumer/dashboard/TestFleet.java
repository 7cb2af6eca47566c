package com.ctec.consumer.dashboard;

import com.ctec.consumer.ConsumeResult;
import com.ctec.consumer.Consumer;
import com.ctec.consumer.agent.registry.HistorySeries;
import com.ctec.consumer.agent.registry.RegistryEntry;
import com.ctec.consumer.agent.registry.RegistryPaths;
import com.ctec.consumer.testing.Broker;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.CreateMode;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What the dashboard tests watch: a real ZooKeeper (curator-test; 200 ms ticks, so the agent's
 * 2 s test sessions are allowed), the real broker, and consumers with the real agent, in this JVM
 * or in child JVMs that a test can kill. Closes everything it started.
 */
final class TestFleet implements AutoCloseable {
    static final String ROOT = "/ctec-consumer";
    static final Duration INTERVAL = Duration.ofSeconds(1);

    private final TestingServer zookeeper;
    private final Broker broker = new Broker();
    private final List<Consumer> consumers = new ArrayList<>();
    private final List<Process> children = new ArrayList<>();
    private final List<DashboardServer> dashboards = new ArrayList<>();
    private CuratorFramework client;

    TestFleet() throws Exception {
        zookeeper = new TestingServer(new InstanceSpec(null, -1, -1, -1, true, -1, 200, -1), true);
    }

    String zookeeper() {
        return zookeeper.getConnectString();
    }

    Broker broker() {
        return broker;
    }

    /** A dashboard of this fleet on a free local port; closed with the fleet. */
    DashboardServer dashboard() {
        DashboardServer dashboard = DashboardServer.start(zookeeper(), ROOT, "127.0.0.1", 0);
        dashboards.add(dashboard);
        return dashboard;
    }

    /** A consumer of {@code queue} in this JVM, registered as an instance of {@code app}. */
    Consumer consumer(String app, String queue) {
        Consumer consumer = start(queue, app, zookeeper());
        consumers.add(consumer);
        return consumer;
    }

    /** A consumer in a child JVM ({@link FleetChild}): another instance, with its own pid, that can be killed. */
    Process child(String app, String queue) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        File log = new File("target/fleet-child-" + queue + ".log");
        Process child = new ProcessBuilder(List.of(java, "-cp", classpath, "-Dctec.agent.zkSessionTimeoutMs=2000",
                FleetChild.class.getName(), queue, app, zookeeper()))
                .redirectErrorStream(true).redirectOutput(log).start();
        children.add(child);
        return child;
    }

    /** A client of the test ZooKeeper, for writing entries by hand. */
    synchronized CuratorFramework client() {
        if (client == null) {
            client = CuratorFrameworkFactory.newClient(zookeeper(), 10_000, 5_000, new RetryOneTime(200));
            client.start();
        }
        return client;
    }

    /** Writes an entry as an agent would (EPHEMERAL, at {@code <root>/<app>/<hostIp>:<pid>}), or rewrites it. */
    void write(RegistryEntry entry) throws Exception {
        String path = ROOT + "/" + entry.appName() + "/" + entry.instanceId();
        byte[] json = entry.toJson().getBytes(StandardCharsets.UTF_8);
        if (client().checkExists().forPath(path) == null) {
            client().create().creatingParentContainersIfNeeded().withMode(CreateMode.EPHEMERAL).forPath(path, json);
        } else {
            client().setData().forPath(path, json);
        }
    }

    /**
     * Writes a process with a day of points as the agent keeps it: its closed hours to their history
     * nodes, its entry with the last hour only.
     */
    void writeWithHistory(RegistryEntry day) throws Exception {
        long lastHour = RegistryPaths.hourOf(day.updatedAt());
        HistorySeries series = day.series();
        long first = series.cpu().isEmpty() ? lastHour : RegistryPaths.hourOf(series.cpu().get(0).at());
        String instance = RegistryPaths.historyRoot(ROOT) + "/" + day.appName() + "/" + day.instanceId();
        for (long hour = first; hour < lastHour; hour += RegistryPaths.HOUR_MS) {
            client().create().orSetData().creatingParentContainersIfNeeded().forPath(instance + "/" + hour,
                    series.between(hour, hour + RegistryPaths.HOUR_MS).toJson().getBytes(StandardCharsets.UTF_8));
        }
        long from = RegistryPaths.minuteOf(day.updatedAt()) + RegistryPaths.MINUTE_MS - RegistryPaths.ENTRY_SPAN_MS;
        write(day.withSeries(series.between(from, Long.MAX_VALUE)));
    }

    void delete(RegistryEntry entry) throws Exception {
        client().delete().forPath(ROOT + "/" + entry.appName() + "/" + entry.instanceId());
    }

    /** The agent as the tests run it: a one-second interval, a worker that succeeds. */
    static Consumer start(String queue, String app, String zookeeper) {
        Consumer consumer = Consumer.builder(Broker.URL, queue).appName(app).zookeeper(zookeeper).agentInterval(INTERVAL).build();
        consumer.registerWorker(m -> ConsumeResult.SUCCESS);
        consumer.start();
        return consumer;
    }

    @Override
    public void close() throws IOException {
        dashboards.forEach(DashboardServer::close);
        children.forEach(Process::destroyForcibly);
        consumers.forEach(Consumer::close);
        broker.close();
        if (client != null) {
            client.close();
        }
        zookeeper.close();
    }
}
