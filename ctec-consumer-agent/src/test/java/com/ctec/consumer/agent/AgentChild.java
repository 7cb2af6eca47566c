package com.ctec.consumer.agent;

/** The child JVM of {@link ProcessKillTest}: one consumer with the agent, running until killed. Args: queue, app, ZooKeeper. */
public final class AgentChild {
    private AgentChild() {
    }

    public static void main(String[] args) throws InterruptedException {
        Consumers.started(Consumers.builder(args[0], args[1]).zookeeper(args[2]));
        Thread.sleep(Long.MAX_VALUE);
    }
}
