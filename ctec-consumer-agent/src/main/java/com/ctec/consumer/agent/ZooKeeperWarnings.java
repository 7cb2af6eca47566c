package com.ctec.consumer.agent;

import org.apache.curator.framework.state.ConnectionState;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What a {@link ZooKeeperReporter} says about its ZooKeeper: one warning when it is unreachable
 * (down, slow or misnamed), one line when it answers again, and nothing once the reporter closes.
 * Called from Curator's threads and the agent thread.
 */
final class ZooKeeperWarnings {
    private final String zookeeper;
    private final AtomicBoolean unreachable = new AtomicBoolean();
    private volatile boolean everConnected;
    private volatile boolean closed;
    private volatile String path;

    ZooKeeperWarnings(String zookeeper) {
        this.zookeeper = zookeeper;
    }

    /** The warnings name the registry entry at {@code path} from now on. */
    void entry(String path) {
        this.path = path;
    }

    /** The reporter closes: closing its client reports the connection lost too, which is not worth a warning. */
    void close() {
        closed = true;
    }

    /** Whether the client was ever connected. */
    boolean everConnected() {
        return everConnected;
    }

    /** Curator's word on the connection. */
    void connectionChanged(ConnectionState state) {
        switch (state) {
            case CONNECTED, RECONNECTED -> {
                everConnected = true;
                if (unreachable.compareAndSet(true, false)) {
                    ProcessAgent.LOG.info("ZooKeeper at {} answers again: re-registering {}.", zookeeper, path);
                }
            }
            case SUSPENDED, LOST -> unreachable("connection " + state.name().toLowerCase(Locale.ROOT));
            default -> {
            }
        }
    }

    /** Warns that ZooKeeper is unreachable, {@code why}, unless it was said already. */
    void unreachable(String why) {
        if (!closed && unreachable.compareAndSet(false, true)) {
            ProcessAgent.LOG.warn("ZooKeeper at {} is unreachable ({}): consuming goes on; registry entry {} is written again "
                    + "when ZooKeeper answers (retrying with backoff).", zookeeper, why, path);
        }
    }
}
