package com.ctec.consumer.reliability;

import com.ctec.consumer.testing.Broker;
import com.ctec.consumer.testing.Management;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Does the {@link Harm}s of a torture run, on node n1 (the source queue's home) and, for
 * {@link Harm#STOP_START_NODE}, n2. Each harm marks the moment the consumer can work again in the
 * {@link Timeline} (consumption must resume within 10 s of it) and is counted only when it was
 * really done. The publisher's lock is held while n1 is down, so that no publish of the test is in
 * doubt.
 */
final class Harmer {
    static final int NODE = 1;
    static final int OTHER_NODE = 2;

    private final Broker client;
    private final Targets targets;
    private final Subject subject;
    private final Timeline timeline;
    private final Random random;
    private final ReentrantLock publishLock;
    private final BrokerEvidence evidence;
    private final String delayQueue;
    private final Handlings handlings;
    /** When the consumer was last (re)started, epoch ms. */
    private long startedAt = System.currentTimeMillis();
    private final Map<Harm, Integer> done = new EnumMap<>(Harm.class);
    private final List<String> problems = new ArrayList<>();
    private String policy;

    /** {@code delayQueue}: the run's delay queue, or null without a retry delay. */
    Harmer(Broker client, Targets targets, Subject subject, Timeline timeline, Random random, ReentrantLock publishLock,
           BrokerEvidence evidence, String delayQueue, Handlings handlings) {
        this.client = client;
        this.targets = targets;
        this.subject = subject;
        this.timeline = timeline;
        this.random = random;
        this.publishLock = publishLock;
        this.evidence = evidence;
        this.delayQueue = delayQueue;
        this.handlings = handlings;
    }

    /** Harms done, by kind. */
    Map<Harm, Integer> done() {
        return Map.copyOf(done);
    }

    int total() {
        return done.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** What went wrong that is the consumer's fault but no message's (a SIGTERM that did not end the program). */
    List<String> problems() {
        return List.copyOf(problems);
    }

    void harm(Harm harm) {
        boolean did;
        try {
            did = switch (harm) {
                case CLOSE_CONNECTIONS -> closeConnections();
                case STOP_START_APP -> stopStartApp();
                case DELETE_DLQ -> deleteDlq();
                case DELETE_RETRY_QUEUE -> deleteRetryQueue();
                case POLICY -> policy();
                case RESTART_CONSUMER -> restartConsumer();
                case STOP_START_NODE -> stopStartNode();
            };
        } catch (IllegalStateException e) {
            System.out.println("torture: harm " + harm + " not done: " + e.getMessage());
            did = false;
        }
        if (did) {
            done.merge(harm, 1, Integer::sum);
            System.out.println("torture: harm " + harm + " done");
        }
    }

    private boolean closeConnections() {
        int closed = Management.closeConnections(Nodes.managementPort(NODE), name -> name.startsWith("ctec-consumer " + targets.queue()))
                + Management.closeConnections(Nodes.managementPort(NODE), name -> name.startsWith("ctec-consumer publisher " + targets.queue()));
        if (closed > 0) {
            timeline.instant("close " + closed + " connections");
        }
        return closed > 0;
    }

    private boolean stopStartApp() {
        if (policy != null && policy.startsWith("good queue refuses")) {
            // RabbitMQ 3.10 recovers a queue under a max-length policy by dropping from the head down to the
            // limit, overflow reject-publish notwithstanding: a restart would empty the good queue (not the engine's doing).
            clearPolicy();
        }
        publishLock.lock();
        try {
            Fault.stopApp(NODE, 1_000 + random.nextInt(1_000)).inject(timeline);
            return true;
        } finally {
            publishLock.unlock();
        }
    }

    private boolean deleteDlq() {
        return deleteWhenEmpty(targets.dlq(), () -> evidence.collectDeadLetters(client, targets));
    }

    private boolean deleteRetryQueue() {
        return delayQueue != null && deleteWhenEmpty(delayQueue, () -> Fault.sleep(20));
    }

    /**
     * Deletes the queue if it exists, only when empty (its messages are not ours to drop); a few tries.
     * Not a quorum queue: RabbitMQ refuses if-empty for those (540 NOT_IMPLEMENTED, closing the
     * connection), and without it a delete could drop a retry or letter just published.
     */
    private boolean deleteWhenEmpty(String queue, Runnable beforeEachTry) {
        if (!client.queueExists(queue)) {
            return false;
        }
        if ("quorum".equals(Management.queueType(Nodes.managementPort(NODE), queue))) {
            throw new IllegalStateException(queue + " is a quorum queue, which cannot be deleted only when empty");
        }
        for (int attempt = 0; attempt < 20; attempt++) {
            beforeEachTry.run();
            try {
                client.run(ch -> ch.queueDelete(queue, false, true));
                timeline.instant("delete " + queue);
                return true;
            } catch (IllegalStateException e) {
                // 406 PRECONDITION_FAILED: not empty right now.
            }
        }
        return false;
    }

    private boolean policy() {
        String name = "torture-" + targets.queue();
        if (policy != null && random.nextBoolean()) {
            Nodes.ctl(NODE, "clear_policy", name);
            timeline.instant("clear policy " + policy);
            policy = null;
            return true;
        }
        String source = "^" + targets.queue().replace(".", "\\.") + "$";
        String good = "^" + targets.good().replace(".", "\\.") + "$";
        String[][] kinds = {
                {"dead-letter-exchange " + targets.policyDlx(), source, "{\"dead-letter-exchange\":\"" + targets.policyDlx() + "\"}"},
                {"dead-letter-exchange missing", source, "{\"dead-letter-exchange\":\"" + targets.queue() + ".no-such-dlx\"}"},
                {"good queue refuses (max-length 0)", good, "{\"max-length\":0,\"overflow\":\"reject-publish\"}"},
        };
        String[] kind = kinds[random.nextInt(kinds.length)];
        Nodes.ctl(NODE, "set_policy", "--apply-to", "queues", "--priority", "100", name, kind[1], kind[2]);
        policy = kind[0];
        timeline.instant("policy " + policy);
        return true;
    }

    /** Clears the run's policy, if any (best effort: the node may be down). */
    void clearPolicy() {
        if (policy != null) {
            try {
                Nodes.ctl(NODE, "clear_policy", "torture-" + targets.queue());
                policy = null;
            } catch (IllegalStateException e) {
                System.out.println("torture: could not clear the policy: " + e.getMessage());
            }
        }
    }

    private boolean restartConsumer() {
        if (subject instanceof ProcessSubject process) {
            // A SIGTERM before the program's consumer has taken the signal over ends the JVM the default
            // way (exit 143, nothing consumed yet): signal only a program that has called its worker.
            long deadline = System.currentTimeMillis() + 60_000;
            while (handlings.lastMillis() <= startedAt && System.currentTimeMillis() < deadline) {
                Fault.sleep(100);
            }
            if (handlings.lastMillis() <= startedAt) {
                throw new IllegalStateException("the program has not called its worker within 60 s of its start");
            }
            process.signal("TERM");
            int exit = process.awaitExit(60);
            if (exit != 0) {
                problems.add(exit < 0 ? "SIGTERM did not end the consumer's program within 60 s" : "SIGTERM: the program exited with " + exit);
            }
        }
        subject.close();
        startedAt = System.currentTimeMillis();
        subject.start();
        timeline.instant("consumer restarted");
        return true;
    }

    private boolean stopStartNode() {
        timeline.down("stop n" + OTHER_NODE);
        try {
            Nodes.stopNode(OTHER_NODE);
        } finally {
            timeline.up();
        }
        Nodes.startNode(OTHER_NODE);
        return true;
    }
}
