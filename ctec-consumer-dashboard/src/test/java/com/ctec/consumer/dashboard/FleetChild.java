package com.ctec.consumer.dashboard;

/** The child JVM of {@link TestFleet#child}: one consumer with the agent, running until killed. Args: queue, app, ZooKeeper. */
public final class FleetChild {
    private FleetChild() {
    }

    public static void main(String[] args) throws InterruptedException {
        TestFleet.start(args[0], args[1], args[2]);
        Thread.sleep(Long.MAX_VALUE);
    }
}
