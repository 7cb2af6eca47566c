package com.ctec.consumer.agent;

import org.apache.curator.framework.api.ACLProvider;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.data.ACL;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The ACLs used with {@code zookeeperDigest}: the entry may be changed only by its creator (the
 * digest user) and read by anyone; the parents it creates also let anyone add children, so apps
 * with other credentials can register under the same root.
 */
final class ZooKeeperAcl implements ACLProvider {
    private static final List<ACL> ENTRY = concat(ZooDefs.Ids.CREATOR_ALL_ACL, ZooDefs.Ids.READ_ACL_UNSAFE);
    private static final List<ACL> PARENT = concat(ZooDefs.Ids.CREATOR_ALL_ACL,
            List.of(new ACL(ZooDefs.Perms.READ | ZooDefs.Perms.CREATE, ZooDefs.Ids.ANYONE_ID_UNSAFE)));

    private final String entryPath;

    ZooKeeperAcl(String entryPath) {
        this.entryPath = entryPath;
    }

    @Override
    public List<ACL> getDefaultAcl() {
        return PARENT;
    }

    @Override
    public List<ACL> getAclForPath(String path) {
        return entryPath.equals(path) ? ENTRY : PARENT;
    }

    private static List<ACL> concat(List<ACL> first, List<ACL> second) {
        List<ACL> all = new ArrayList<>(first);
        all.addAll(second);
        // Not List.copyOf: ZooKeeper asks the list contains(null), which immutable lists refuse.
        return Collections.unmodifiableList(all);
    }
}
