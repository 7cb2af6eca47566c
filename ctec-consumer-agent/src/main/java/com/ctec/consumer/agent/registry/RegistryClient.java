package com.ctec.consumer.agent.registry;

import org.apache.curator.RetryPolicy;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.api.ACLProvider;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The one set-up of a Curator client of the registry, for the agent that writes it and for the
 * dashboard and {@code ctec-consumer status} that read it; each chooses its timeouts and retries.
 */
public final class RegistryClient {
    private RegistryClient() {
    }

    /**
     * A client not started yet.
     *
     * @param hosts             the connect string, {@code host:port[,host:port]}
     * @param connectionTimeout how long one connection attempt may take
     * @param sessionTimeout    the session's timeout, or null for Curator's default
     * @param retry             how often and how long operations are retried
     * @param digest            {@code user:password} for an ACL-protected registry, or null
     * @param acl               the ACLs of the nodes the client creates, or null for open ones
     * @throws IllegalArgumentException when {@code hosts} is no connect string (the message says so)
     */
    public static CuratorFramework create(String hosts, Duration connectionTimeout, Duration sessionTimeout,
                                          RetryPolicy retry, String digest, ACLProvider acl) {
        CuratorFrameworkFactory.Builder builder = CuratorFrameworkFactory.builder()
                .connectString(hosts)
                .connectionTimeoutMs((int) connectionTimeout.toMillis())
                .retryPolicy(retry)
                // Keep the connect string given: the ensemble tracker may replace it with addresses this host cannot reach.
                .ensembleTracker(false);
        if (sessionTimeout != null) {
            builder.sessionTimeoutMs((int) sessionTimeout.toMillis());
        }
        if (digest != null && !digest.isBlank()) {
            builder.authorization("digest", digest.getBytes(StandardCharsets.UTF_8));
        }
        if (acl != null) {
            builder.aclProvider(acl);
        }
        try {
            return builder.build();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + hosts + "' is not a ZooKeeper connect string (host:port[,host:port]): "
                    + e.getMessage() + ".", e);
        }
    }

    /**
     * Starts {@code client} and waits until it is connected; when no ZooKeeper answers within
     * {@code wait}, closes it and throws {@link IllegalStateException} ending with "check {@code what}".
     */
    public static CuratorFramework connect(CuratorFramework client, String hosts, Duration wait, String what) {
        client.start();
        try {
            if (client.blockUntilConnected((int) wait.toMillis(), TimeUnit.MILLISECONDS)) {
                return client;
            }
            client.close();
            throw new IllegalStateException("No ZooKeeper answered at " + hosts + " within " + wait.toSeconds()
                    + " s: check " + what + ".");
        } catch (InterruptedException e) {
            client.close();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while connecting to ZooKeeper at " + hosts + ".", e);
        }
    }
}
