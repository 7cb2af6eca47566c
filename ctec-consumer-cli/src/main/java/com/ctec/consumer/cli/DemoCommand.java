package com.ctec.consumer.cli;

import com.ctec.consumer.dashboard.DashboardServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code ctec-consumer demo}: the newcomer's first command, every way of consuming on throw-away queues. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Show the framework at work on a real broker: it declares its own queues (ctec-demo.<id>.*), "
                + "publishes sample messages and consumes them with threads, virtual threads, batches, a forward, "
                + "an RPC call and a poison message that ends in the dead-letter queue; then it deletes its queues. "
                + "Takes a few seconds.",
            "Its consumers report to a ZooKeeper registry with the monitoring agent (a ZooKeeper of its own in this "
                + "process unless --zookeeper or $CTEC_ZOOKEEPER_HOSTS names one), and the demo ends with "
                + "ctec-consumer status of what they registered. With --watch they keep running, fed a steady stream "
                + "with some poison, and the fleet dashboard is served until Ctrl-C.", ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every step finished", "1:no broker, or a step did not finish", "2:usage error",
            "130:--watch ended by Ctrl-C"})
final class DemoCommand implements Callable<Integer> {
    @Mixin
    private BrokerOptions broker;

    @Option(names = "--messages", paramLabel = "N", defaultValue = "1000",
            description = "messages in each throughput step (default: ${DEFAULT-VALUE})")
    private int messages;

    @Option(names = "--zookeeper", paramLabel = "HOSTS",
            description = "the registry's ZooKeeper host:port[,host:port] (default: $CTEC_ZOOKEEPER_HOSTS, else one started "
                    + "in this process for the demo)")
    private String zookeeper;

    @Option(names = "--watch", description = "keep the consumers running with a steady publisher (some messages poison) "
            + "and serve the dashboard until Ctrl-C")
    private boolean watch;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "" + DashboardServer.DEFAULT_PORT,
            description = "the dashboard's port with --watch, on 127.0.0.1 (default: ${DEFAULT-VALUE})")
    private int port;

    @Override
    public Integer call() throws InterruptedException {
        if (messages < 10 || messages > 1_000_000) {
            throw CliException.usage("--messages must be between 10 and 1000000 (was " + messages + ").");
        }
        String hosts = zookeeper != null ? zookeeper : System.getenv("CTEC_ZOOKEEPER_HOSTS");
        EmbeddedZooKeeper own = hosts == null || hosts.isBlank() ? EmbeddedZooKeeper.start() : null;
        try (Demo demo = Demo.connect(broker.url(), own != null ? own.connectString() : hosts.trim(), messages, System.out,
                ProgressLine.stdoutIsTerminal())) {
            long started = System.nanoTime();
            int exit = demo.run();
            if (watch) {
                watch(demo, own != null ? own.connectString() : hosts.trim());
            }
            demo.finish(started);
            return exit;
        } finally {
            if (own != null) {
                own.close();
            }
        }
    }

    /** Serves the dashboard and keeps the demo's consumers busy until Ctrl-C (or SIGTERM). */
    private void watch(Demo demo, String hosts) throws InterruptedException {
        DashboardServer dashboard;
        try {
            dashboard = DashboardServer.start(hosts, DashboardServer.DEFAULT_ROOT, DashboardServer.DEFAULT_BIND, port);
        } catch (IllegalArgumentException e) {
            throw CliException.usage(e.getMessage(), e);
        } catch (IllegalStateException e) {
            throw CliException.failure(e.getMessage() + " (--port picks another).", e);
        }
        CountDownLatch stop = new CountDownLatch(1);
        Thread hook = new Thread(stop::countDown, "ctec-demo-watch-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        System.out.println("The demo fleet keeps running: a message every 100 ms to demo-threads and demo-dead-letter, "
                + "one in 40 of the latter poison.");
        System.out.println("Dashboard: " + dashboard.url() + "  (Ctrl-C stops the demo and deletes its queues)");
        try (dashboard) {
            demo.watch(stop);
        }
    }
}
