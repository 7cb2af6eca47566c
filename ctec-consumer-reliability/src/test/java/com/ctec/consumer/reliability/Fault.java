package com.ctec.consumer.reliability;

/** One fault injected during a run; it records when the broker was down and back in the timeline. */
@FunctionalInterface
interface Fault {
    void inject(Timeline timeline);

    /** The node's app stopped ({@code rabbitmqctl stop_app}), kept down for {@code downMillis}, started again. */
    static Fault stopApp(int node, long downMillis) {
        return timeline -> outage(timeline, "stop_app n" + node, node, downMillis, () -> Nodes.stopApp(node), () -> Nodes.startApp(node));
    }

    /** The node's Erlang VM stopped entirely, kept down for {@code downMillis}, started again. */
    static Fault nodeRestart(int node, long downMillis) {
        return timeline -> outage(timeline, "restart n" + node, node, downMillis, () -> Nodes.stopNode(node), () -> Nodes.startNode(node));
    }

    /** {@code rabbitmqctl close_all_connections} on the node: the broker stays up. */
    static Fault closeAllConnections(int node) {
        return timeline -> {
            timeline.instant("close_all_connections n" + node);
            Nodes.closeAllConnections(node);
        };
    }

    /**
     * Marks the broker down, stops it, waits, starts it in the background and marks it up at the
     * moment its AMQP port answers again (the broker opens it last, after recovering its queues).
     */
    private static void outage(Timeline timeline, String what, int node, long downMillis, Runnable stop, Runnable start) {
        timeline.down(what);
        stop.run();
        timeline.hit();
        sleep(downMillis);
        Thread starter = Thread.ofPlatform().name("start-" + what).start(start);
        long deadline = System.currentTimeMillis() + 180_000;
        while (!Nodes.answers(node) && System.currentTimeMillis() < deadline) {
            sleep(50);
        }
        timeline.up();
        try {
            starter.join(180_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
