package com.ctec.consumer.reliability;

import com.ctec.consumer.ConsumeResult;
import com.ctec.consumer.Consumer;
import com.ctec.consumer.testing.Broker;
import com.rabbitmq.client.GetResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scenario 4: forwards and delayed retries while the broker restarts. Every message is forwarded
 * to {@code <queue>.out}; every 10th fails its first attempt and waits 3 s in a delay queue; every
 * 100th (from 7) always fails and ends, after 3 attempts, in {@code <queue>.dlq}. The node restarts
 * twice (stop_app / start_app) while forwards and delayed retries are pending. At the end every id
 * is in exactly one of the two: forwarded (duplicates within the in-flight window per restart) or
 * dead-lettered.
 */
@Tag("slow")
class ForwardRetryFaultTest {
    static final int NODE = 1;
    static final int MESSAGES = 10_000;

    @BeforeAll
    static void nodes() {
        Nodes.ensureUp();
    }

    static boolean poison(int id) {
        return id % 100 == 7;
    }

    static boolean failsOnce(int id) {
        return id % 10 == 0;
    }

    @Test
    void everyMessageIsForwardedOnceOrDeadLetteredAcrossRestarts() {
        try (Broker client = Nodes.client(NODE)) {
            String queue = client.queue("forward");
            String out = queue + ".out";
            client.run(ch -> ch.queueDeclare(out, true, false, false, null));
            Setup setup = Mode.THREADS.setup(Nodes.url(NODE), queue, Nodes.managementPort(NODE)).workMillis(3);
            client.publishAll(queue, 0, MESSAGES, Ids::body);

            Checker calls = new Checker(MESSAGES);
            Timeline timeline = new Timeline();
            CapturingLogger log = new CapturingLogger("forward");
            Consumer consumer = setup.builder().logger(log).maxAttempts(3).retryDelay(Duration.ofSeconds(3)).build();
            consumer.registerWorker(message -> {
                int id = Ids.id(message.body());
                Thread.sleep(setup.workMillis());
                calls.handled(id);
                if (poison(id) || (failsOnce(id) && message.attempt() == 1)) {
                    return ConsumeResult.REDELIVER;
                }
                message.forward("", out);
                return ConsumeResult.SUCCESS;
            });
            Outcomes outcomes = new Outcomes(client, out, queue + ".dlq");
            calls.start();
            consumer.start();
            try {
                for (int fault = 1; fault <= 2; fault++) {
                    int target = MESSAGES * fault / 3;
                    FaultRunWait.until(() -> calls.unique() >= target, Duration.ofSeconds(120), consumer::toString);
                    Fault.stopApp(NODE, 2_000).inject(timeline);
                }
                FaultRunWait.until(() -> outcomes.collect() == MESSAGES, Duration.ofSeconds(180),
                        () -> "outcomes " + outcomes + "\n" + InJvmSubject.threadDump() + "\n" + log.all());
            } finally {
                consumer.close();
            }
            Fault.sleep(4_000);
            outcomes.collect();
            long left = client.messageCount(queue);
            int window = setup.window();
            Checker.Figures callFigures = calls.figures(timeline);
            Checker.Figures figures = new Checker.Figures(MESSAGES, MESSAGES - outcomes.distinct(), outcomes.forwardDuplicates(),
                    callFigures.maxStallMillis(), callFigures.resumeMillis());
            boolean passed = figures.lost() == 0 && left == 0 && outcomes.inBoth() == 0 && outcomes.poisonForwarded() == 0
                    && figures.duplicated() <= 2L * window;
            Results.record("4 forwards + retries", "stop_app ×2 with forwards and 3 s delayed retries pending; "
                    + outcomes.deadLettered() + " dead-lettered", "THREADS", 2, figures, 2L * window, passed);
            assertThat(figures.lost()).as("ids neither forwarded nor dead-lettered").isZero();
            assertThat(left).as("left in the queue").isZero();
            assertThat(outcomes.inBoth()).as("ids both forwarded and dead-lettered").isZero();
            assertThat(outcomes.poisonForwarded()).isZero();
            assertThat(outcomes.deadLettered()).isEqualTo(MESSAGES / 100);
            assertThat((long) figures.duplicated()).isLessThanOrEqualTo(2L * window);
        }
    }

    /** What has come out: ids forwarded (with how often) and ids dead-lettered, drained as they arrive. */
    private static final class Outcomes {
        private final Broker client;
        private final String out;
        private final String dlq;
        private final AtomicIntegerArray forwarded = new AtomicIntegerArray(MESSAGES);
        private final AtomicIntegerArray dead = new AtomicIntegerArray(MESSAGES);
        private final java.util.Set<Integer> seen = ConcurrentHashMap.newKeySet();

        Outcomes(Broker client, String out, String dlq) {
            this.client = client;
            this.out = out;
            this.dlq = dlq;
        }

        /** Drains both queues (ignoring a node that is down); returns the distinct ids seen so far. */
        int collect() {
            try {
                take(client.drain(out), forwarded);
                if (client.queueExists(dlq)) {
                    take(client.drain(dlq), dead);
                }
            } catch (IllegalStateException e) {
                // The node is restarting: try again on the next poll.
            }
            return seen.size();
        }

        private void take(List<GetResponse> messages, AtomicIntegerArray counts) {
            for (GetResponse message : messages) {
                int id = Ids.id(message.getBody());
                counts.incrementAndGet(id);
                seen.add(id);
            }
        }

        int distinct() {
            return seen.size();
        }

        int forwardDuplicates() {
            int duplicates = 0;
            for (int id = 0; id < MESSAGES; id++) {
                duplicates += Math.max(0, forwarded.get(id) - 1) + Math.max(0, dead.get(id) - 1);
            }
            return duplicates;
        }

        int inBoth() {
            int both = 0;
            for (int id = 0; id < MESSAGES; id++) {
                both += forwarded.get(id) > 0 && dead.get(id) > 0 ? 1 : 0;
            }
            return both;
        }

        int poisonForwarded() {
            int count = 0;
            for (int id = 0; id < MESSAGES; id++) {
                count += poison(id) && forwarded.get(id) > 0 ? 1 : 0;
            }
            return count;
        }

        int deadLettered() {
            int count = 0;
            for (int id = 0; id < MESSAGES; id++) {
                count += dead.get(id) > 0 ? 1 : 0;
            }
            return count;
        }

        @Override
        public String toString() {
            return seen.size() + " distinct ids out, " + deadLettered() + " dead-lettered, " + forwardDuplicates() + " duplicates";
        }
    }
}
