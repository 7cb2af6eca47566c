package com.ctec.consumer.spi;

import java.util.Optional;

/**
 * The secrets the monitoring agent needs and no other listener gets: the ZooKeeper digest
 * credentials. Handed only to a {@link ConsumerListenerFactory} (found with ServiceLoader, with
 * {@code agent(true)}), never through {@link ConsumerInfo}, which every listener sees.
 */
public final class RegistryCredentials {
    private static final RegistryCredentials NONE = new RegistryCredentials(null);

    private final String zookeeperDigest;

    private RegistryCredentials(String zookeeperDigest) {
        this.zookeeperDigest = zookeeperDigest;
    }

    /** Credentials holding {@code user:password} for ZooKeeper's digest scheme, or none when null. */
    public static RegistryCredentials of(String zookeeperDigest) {
        return zookeeperDigest == null ? NONE : new RegistryCredentials(zookeeperDigest);
    }

    /** No credentials: an open registry. */
    public static RegistryCredentials none() {
        return NONE;
    }

    /** ZooKeeper digest credentials {@code user:password}, or empty; never to be printed. */
    public Optional<String> zookeeperDigest() {
        return Optional.ofNullable(zookeeperDigest);
    }

    /** The user only: this object may end up in a log line. */
    @Override
    public String toString() {
        return zookeeperDigest == null ? "RegistryCredentials{none}"
                : "RegistryCredentials{digest " + zookeeperDigest.substring(0, zookeeperDigest.indexOf(':') + 1) + "****}";
    }
}
