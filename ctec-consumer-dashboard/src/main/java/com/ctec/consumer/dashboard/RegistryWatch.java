package com.ctec.consumer.dashboard;

import com.ctec.consumer.agent.registry.EntryValidator;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.apache.curator.framework.recipes.cache.CuratorCacheStorage;

/**
 * Feeds the {@link Fleet} from ZooKeeper watches on the registry (a Curator {@link CuratorCache} of
 * the whole root): a created or rewritten {@code <root>/<app>/<hostIp>:<pid>} is put (as invalid,
 * with the reason, when {@link EntryValidator} finds it so), a deleted one marked gone. Other nodes are ignored.
 */
final class RegistryWatch implements AutoCloseable {
    private final String root;
    private final Fleet fleet;
    private final CuratorCache cache;

    RegistryWatch(CuratorFramework client, String root, Fleet fleet) {
        this.root = root;
        this.fleet = fleet;
        // The Fleet keeps each entry parsed; the cache need not keep its ~100 kB of JSON too.
        this.cache = CuratorCache.builder(client, root).withStorage(CuratorCacheStorage.dataNotCached()).build();
        cache.listenable().addListener(CuratorCacheListener.builder()
                .forCreatesAndChanges((before, node) -> written(node))
                .forDeletes(this::deleted)
                .build());
        client.getConnectionStateListenable().addListener((c, state) -> fleet.connected(state.isConnected()));
    }

    void start() {
        cache.start();
    }

    private void written(ChildData node) {
        String[] segments = instanceSegments(node.getPath());
        if (segments == null) {
            return;
        }
        // Anyone who can write to ZooKeeper writes here: a node is believed only once it passes the validator.
        switch (EntryValidator.check(segments[1], node.getData(), fleet.now())) {
            case EntryValidator.Valid valid -> fleet.put(segments[0], segments[1], valid.entry());
            case EntryValidator.Invalid invalid -> fleet.putInvalid(segments[0], segments[1], invalid.problem());
        }
    }

    private void deleted(ChildData node) {
        String[] segments = instanceSegments(node.getPath());
        if (segments != null) {
            fleet.remove(segments[0], segments[1]);
        }
    }

    /** {app, instance} for a node two levels below the root, else null. */
    private String[] instanceSegments(String path) {
        String prefix = root.equals("/") ? "/" : root + "/";
        if (!path.startsWith(prefix)) {
            return null;
        }
        String[] segments = path.substring(prefix.length()).split("/", -1);
        return segments.length == 2 && !segments[0].isEmpty() && !segments[1].isEmpty() ? segments : null;
    }

    @Override
    public void close() {
        cache.close();
    }
}
