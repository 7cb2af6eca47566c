package com.ctec.consumer.cli;

import com.ctec.consumer.dashboard.DashboardServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/** {@code ctec-consumer dashboard}: the fleet in a browser, live from the ZooKeeper registry (docs/dashboard.md). */
@Command(name = "dashboard", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Serve the fleet dashboard: every app with its instances, their state and 24-hour charts of "
                + "messages per minute, CPU and memory, kept live from the ZooKeeper registry; and the same as JSON "
                + "under /api/. Read-only. Runs until Ctrl-C or SIGTERM (then it exits as a JVM does on a signal: 130 or 143).",
            "An instance is STALE when its entry was not rewritten for 3 agent intervals, GONE (kept greyed for "
                + "10 minutes) when its entry vanished.", ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"1:ZooKeeper unreachable, or the port taken", "2:usage error"})
final class DashboardCommand implements Callable<Integer> {
    @Option(names = "--zookeeper", paramLabel = "HOSTS", description = "ZooKeeper connect string host:port[,host:port] (default: $CTEC_ZOOKEEPER_HOSTS)")
    private String zookeeper;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "" + DashboardServer.DEFAULT_PORT,
            description = "HTTP port (default: ${DEFAULT-VALUE}; 0 picks a free one)")
    private int port;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = DashboardServer.DEFAULT_BIND,
            description = "address to listen on (default: ${DEFAULT-VALUE}, this machine only; 0.0.0.0 for every interface)")
    private String bind;

    @Option(names = "--root", paramLabel = "PATH", defaultValue = DashboardServer.DEFAULT_ROOT,
            description = "the registry's root znode (default: ${DEFAULT-VALUE})")
    private String root;

    @Override
    public Integer call() throws InterruptedException {
        String hosts = zookeeper != null ? zookeeper : System.getenv("CTEC_ZOOKEEPER_HOSTS");
        if (hosts == null || hosts.isBlank()) {
            throw CliException.usage("No ZooKeeper to read: pass --zookeeper HOST:PORT (or set CTEC_ZOOKEEPER_HOSTS).");
        }
        DashboardServer dashboard;
        try {
            dashboard = DashboardServer.start(hosts.trim(), root, bind, port);
        } catch (IllegalArgumentException e) {
            throw CliException.usage(e.getMessage(), e);
        } catch (IllegalStateException e) {
            throw CliException.failure(e.getMessage(), e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(dashboard::close, "ctec-dashboard-stop"));
        System.out.println("Dashboard of " + root + " on ZooKeeper " + hosts.trim() + ": " + dashboard.url() + " (Ctrl-C stops it)");
        if (bind.trim().equals("0.0.0.0") || bind.trim().equals("::")) {
            System.out.println("Listening on every interface: whoever reaches this host can read the fleet (read-only, no login).");
        }
        dashboard.awaitClose();
        return Exit.OK;
    }
}
