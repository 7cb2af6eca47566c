package com.ctec.consumer.reliability;

import com.ctec.consumer.ConcurrencyMode;
import com.ctec.consumer.testing.Broker;
import com.ctec.consumer.testing.Management;
import com.rabbitmq.client.AMQP;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * One torture run (docs/reliability.md, "Torture test"): everything random comes from the seed.
 * The seed picks the consumer (mode, in this JVM or a program of its own, prefetch, maxAttempts,
 * retry delay, RPC); the workers choose per id and attempt ({@link Choices}); the harm loop picks
 * a {@link Harm} every 1-3 s while the ids are published; then the last ids are published, the
 * consumer works until the queues are quiet and stops, and the broker's queues are drained and
 * judged by the {@link TortureModel}: nothing lost, nothing unexplained, duplicates within the
 * in-flight window per harm, consumption back within 10 s of each harm.
 */
final class TortureRun {
    static final Duration RESUME_LIMIT = Duration.ofSeconds(10);
    static final Duration STUCK = Duration.ofSeconds(90);
    static final Duration QUIET = Duration.ofSeconds(3);
    /**
     * How long the delay queue may take to send back what it holds once the consumer stopped: the
     * nodes' dead-letter confirm timeout (10 s, scripts/rabbitmq-cluster) and a statistics interval.
     */
    static final Duration DELAY_QUEUE_EMPTY_WITHIN = Duration.ofSeconds(30);
    static final Duration QUIET_WITHIN = Duration.ofSeconds(90);
    static final Path RESULTS = Results.FILE.resolveSibling("torture-results.md");
    /** Messages published per second of harm. */
    static final int RATE = 40;

    /** The consumer and workload a seed gives. */
    record Config(long seed, Mode mode, boolean ownProcess, int prefetch, TortureSettings torture, Set<Harm> harms,
                  Duration harmFor, int messages) {

        /** The seed's configuration; {@code mode} null lets the seed choose it too. */
        static Config of(long seed, Mode mode, Duration harmFor, Set<Choice> choices, Set<Harm> harms) {
            Random random = random(seed, 0);
            Mode chosen = Mode.values()[random.nextInt(Mode.values().length)];
            Mode actual = mode == null ? chosen : mode;
            boolean ownProcess = actual == Mode.PROCESSES || random.nextInt(3) == 0;
            int prefetch = new int[] {5, 10, 20}[random.nextInt(3)];
            int maxAttempts = 2 + random.nextInt(3);
            long retryDelay = new long[] {0, 0, 200, 500}[random.nextInt(4)];
            boolean rpc = random.nextBoolean();
            int messages = (int) Math.max(200, harmFor.toSeconds() * RATE);
            return new Config(seed, actual, ownProcess, prefetch, new TortureSettings(seed, choices, maxAttempts, retryDelay, rpc),
                    harms, harmFor, messages);
        }

        Setup setup(String queue) {
            String url = harms.contains(Harm.STOP_START_NODE)
                    ? "amqp://guest:guest@127.0.0.1:5702,127.0.0.1:5701,127.0.0.1:5703/" : Nodes.url(Harmer.NODE);
            Setup base = Setup.of(url, queue, Nodes.managementPort(Harmer.NODE)).prefetch(prefetch);
            return switch (mode) {
                case THREADS -> base;
                case VIRTUAL_THREADS -> base.mode(ConcurrencyMode.VIRTUAL_THREADS);
                case BATCH -> base.batchSize(5);
                case PROCESSES -> base.processes(2);
            };
        }

        String describe() {
            return "seed " + seed + ": " + mode + (ownProcess ? " (own process)" : "") + ", prefetch " + prefetch + ", "
                    + torture.describe() + ", " + messages + " messages, harm for " + harmFor.toSeconds() + " s";
        }
    }

    private final Config config;
    private final Path dir;
    private boolean checkBookkeeping = true;
    /** When the consumer was first started (epoch ms): a consumer that never calls its worker is stuck from then. */
    private long consumingFrom;
    /** The most expired retries the delay queue was seen holding for dead-lettering (reported once per new high). */
    private long mostHeld;

    TortureRun(Config config, Path dir) {
        this.config = config;
        this.dir = dir;
    }

    /** Whether a forward or answer carrying an x-ctec-* header fails the run (API.md: forwards never carry them). */
    TortureRun checkBookkeeping(boolean check) {
        this.checkBookkeeping = check;
        return this;
    }

    void run() {
        System.out.println("torture: " + config.describe());
        long startedAt = System.currentTimeMillis();
        Handlings handlings = new Handlings();
        Timeline timeline = new Timeline();
        BrokerEvidence evidence = new BrokerEvidence();
        Harmer harmer = null;
        Subject subject = null;
        try (Broker client = Nodes.client(Harmer.NODE); Broker publishing = Nodes.client(Harmer.NODE)) {
            Targets targets = declare(client);
            Setup setup = config.setup(targets.queue());
            ReentrantLock publishLock = new ReentrantLock();
            TorturePublisher publisher = new TorturePublisher(publishing, targets, config.torture().rpc(), publishLock);
            String delayQueue = config.torture().retryDelayMillis() > 0
                    ? targets.queue() + ".retry." + config.torture().retryDelayMillis() + "ms" : null;
            int first = config.messages() / 10;
            int tailFrom = config.messages() * 9 / 10;
            publisher.publish(0, first);
            subject = subject(setup, handlings);
            Random random = random(config.seed(), 1);
            harmer = new Harmer(client, targets, subject, timeline, random, publishLock, evidence, delayQueue, handlings);
            consumingFrom = System.currentTimeMillis();
            subject.start();
            Thread publishes = Thread.ofPlatform().name("torture-publisher")
                    .start(() -> publisher.publishOver(first, tailFrom, config.harmFor().toMillis()));
            harmLoop(harmer, random, subject, handlings, evidence, client, targets);
            join(publishes);
            publisher.publish(tailFrom, config.messages());
            awaitQuiet(client, targets, delayQueue, handlings, subject, timeline);
            subject.close();
            awaitEmpty(client, delayQueue);
            harmer.clearPolicy();
            evidence.collectAll(client, targets, delayQueue == null ? List.of() : List.of(delayQueue));
            judge(handlings, evidence, publisher, harmer, timeline, harmed(timeline, targets, delayQueue), startedAt, subject);
        } finally {
            if (harmer != null) {
                harmer.clearPolicy();
            }
            if (subject != null) {
                subject.close();
            }
        }
    }

    private Targets declare(Broker client) {
        Targets targets = new Targets(client.queue("torture"));
        // Overflow set here, not by the policy that may later add max-length 0: a policy applies max-length before
        // overflow, so with the default drop-head the broker would first drop every forward already there.
        client.declare(targets.good(), Map.of("x-overflow", "reject-publish"));
        client.declare(targets.replies(), Map.of());
        client.declare(targets.full(), Map.of("x-max-length", 1, "x-overflow", "reject-publish"));
        // Persistent: a broker restart must not empty the queue that has to stay full.
        client.publish("", targets.full(), new AMQP.BasicProperties.Builder().deliveryMode(2).build(), "filler".getBytes(StandardCharsets.UTF_8));
        client.declare(targets.policyDlq(), Map.of());
        client.exchange(targets.policyDlx(), "fanout");
        client.bind(targets.policyDlq(), targets.policyDlx(), "");
        return targets;
    }

    private Subject subject(Setup setup, Handlings handlings) {
        if (config.ownProcess()) {
            return new ProcessSubject(setup, dir, TortureApp.class, config.torture().args(), handlings::line);
        }
        return new InJvmSubject("torture", setup, config.torture()::apply,
                consumer -> config.torture().register(consumer, setup, handlings));
    }

    private void harmLoop(Harmer harmer, Random random, Subject subject, Handlings handlings, BrokerEvidence evidence,
                          Broker client, Targets targets) {
        List<Harm> harms = new ArrayList<>(EnumSet.copyOf(config.harms()));
        long end = System.currentTimeMillis() + config.harmFor().toMillis();
        while (System.currentTimeMillis() < end) {
            Fault.sleep(1_000 + random.nextInt(2_000));
            failIfStuck(handlings, subject, "during the harm");
            try {
                evidence.collectDeadLetters(client, targets);
            } catch (IllegalStateException e) {
                // n1 is coming back: read them on the next round.
            }
            harmer.harm(harms.get(random.nextInt(harms.size())));
        }
    }

    /** Waits until the queues are empty and no worker was called for {@link #QUIET}; at most {@link #QUIET_WITHIN}. */
    private void awaitQuiet(Broker client, Targets targets, String delayQueue, Handlings handlings, Subject subject, Timeline timeline) {
        long deadline = System.currentTimeMillis() + QUIET_WITHIN.toMillis();
        while (System.currentTimeMillis() < deadline) {
            failIfStuck(handlings, subject, "after the harm");
            try {
                boolean empty = client.messageCount(targets.queue()) == 0 && delayQueueEmpty(client, delayQueue);
                if (empty && System.currentTimeMillis() - handlings.lastMillis() > QUIET.toMillis()) {
                    return;
                }
            } catch (IllegalStateException e) {
                // Asked while n1 was not answering: ask again.
            }
            Fault.sleep(500);
        }
        System.out.println("torture: not quiet within " + QUIET_WITHIN.toSeconds() + " s; judging what is there (timeline "
                + timeline.outages() + ")");
    }

    /** Waits until the delay queue has sent back what it holds; at most {@link #DELAY_QUEUE_EMPTY_WITHIN}. */
    private void awaitEmpty(Broker client, String delayQueue) {
        long deadline = System.currentTimeMillis() + DELAY_QUEUE_EMPTY_WITHIN.toMillis();
        while (System.currentTimeMillis() < deadline && !delayQueueEmpty(client, delayQueue)) {
            Fault.sleep(200);
        }
    }

    /**
     * Whether the delay queue holds nothing, counting the expired messages it keeps for at-least-once
     * dead-lettering: a retry that expired while n1 (the source queue's node) was down waits there,
     * invisible to consumers, until the nodes' dead-letter confirm timeout (torture finding T5).
     */
    private boolean delayQueueEmpty(Broker client, String delayQueue) {
        if (delayQueue == null || !client.queueExists(delayQueue)) {
            return true;
        }
        try {
            if (client.messageCount(delayQueue) > 0) {
                return false;   // still waiting out their delay: no need to ask the management API
            }
            long held = Management.heldDeadLetters(Nodes.managementPort(Harmer.NODE), delayQueue);
            if (held > mostHeld) {
                mostHeld = held;
                System.out.println("torture: the delay queue holds " + held + " expired retries for at-least-once dead-lettering;"
                        + " waiting for the broker to send them back");
            }
            return held == 0;
        } catch (IllegalStateException e) {
            return false;   // n1 is not answering: ask again
        }
    }

    private void failIfStuck(Handlings handlings, Subject subject, String when) {
        if (System.currentTimeMillis() - Math.max(consumingFrom, handlings.lastMillis()) > STUCK.toMillis()) {
            fail("torture %s: no worker call for %d s %s; diagnostics:%n%s", config.describe(), STUCK.toSeconds(), when,
                    InJvmSubject.tail(subject.diagnostics(), 150));
        }
    }

    private void judge(Handlings handlings, BrokerEvidence evidence, TorturePublisher publisher, Harmer harmer, Timeline timeline,
                       TortureModel.Harmed harmed, long startedAt, Subject subject) {
        List<Handling> calls = handlings.all();
        TortureModel.Verdict verdict = TortureModel.judge(config.messages(), publisher.inDoubt(), calls, evidence,
                config.torture().maxAttempts(), config.torture().rpc(), harmed);
        Checker times = new Checker(config.messages());
        times.startAt(consumingFrom);
        calls.forEach(call -> times.handled(call.id(), call.millis()));
        Checker.Figures stalls = times.figures(timeline);
        Setup setup = config.setup("-");
        long bound = (long) Math.max(1, harmer.total()) * setup.window();
        long maxResume = stalls.maxResumeMillis();
        boolean passed = verdict.lost().isEmpty() && verdict.wrong().isEmpty() && harmer.problems().isEmpty()
                && verdict.duplicated() <= bound && maxResume <= RESUME_LIMIT.toMillis()
                && (!checkBookkeeping || verdict.withBookkeeping() == 0);
        String harms = harmer.done().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + " ×" + e.getValue()).collect(Collectors.joining(", "));
        double minutes = (System.currentTimeMillis() - startedAt) / 60_000.0;
        String summary = String.format("torture %s%n  %.1f min, %d worker calls, harms: %s%n  succeeded %d, dead-lettered %d, pending %d, excused %d, "
                        + "in doubt and not found %d, lost %d, wrong %d, duplicated %d (≤ %d) %s, forwards and answers with x-ctec-* headers %d, "
                        + "worst stall %d ms, resume ms %s, problems %s -> %s",
                config.describe(), minutes, calls.size(), harms, verdict.succeeded(), verdict.deadLettered(), verdict.pending(),
                verdict.excused().size(), verdict.inDoubtMissing(), verdict.lost().size(), verdict.wrong().size(), verdict.duplicated(), bound,
                verdict.duplicates(), verdict.withBookkeeping(), stalls.maxStallMillis(), stalls.resumeMillis(), harmer.problems(), passed ? "pass" : "FAIL");
        System.out.println(summary);
        verdict.lost().stream().limit(50).forEach(line -> System.out.println("torture: LOST " + line));
        verdict.wrong().stream().limit(50).forEach(line -> System.out.println("torture: WRONG " + line));
        verdict.excused().forEach(line -> System.out.println("torture: EXCUSED " + line));
        writeRow(minutes, calls.size(), harms, verdict, bound, stalls, passed);
        if (!passed) {
            saveLog(subject, timeline);
        }
        Results.record("torture", "seed " + config.seed() + ": " + harms, setup.describe(), harmer.total(),
                new Checker.Figures(config.messages(), verdict.lost().size(), verdict.duplicated(), stalls.maxStallMillis(),
                        stalls.resumeMillis()), bound, passed);
        assertThat(first(verdict.lost())).as("%d lost ids (the first 20) in %s", verdict.lost().size(), config.describe()).isEmpty();
        assertThat(first(verdict.wrong())).as("%d ids with evidence no worker call explains (the first 20) in %s", verdict.wrong().size(),
                config.describe()).isEmpty();
        if (checkBookkeeping) {
            assertThat(verdict.withBookkeeping()).as("forwards and answers carrying x-ctec-* headers in %s", config.describe()).isZero();
        }
        assertThat(harmer.problems()).as("consumer problems in %s", config.describe()).isEmpty();
        assertThat((long) verdict.duplicated()).as("duplicates in %s, at most %d harms × window %d", config.describe(),
                harmer.total(), setup.window()).isLessThanOrEqualTo(bound);
        assertThat(stalls.resumeMillis()).as("ms from each harm to the next worker call in %s; timeline %s", config.describe(),
                timeline.outages()).doesNotContain(-1L).allMatch(ms -> ms <= RESUME_LIMIT.toMillis());
    }

    private void writeRow(double minutes, int calls, String harms, TortureModel.Verdict verdict, long bound, Checker.Figures stalls,
                          boolean passed) {
        String header = "| when | seed | consumer | minutes | messages | worker calls | harms | lost | wrong | duplicated (bound) "
                + "| pending | worst stall ms | max resume ms | result |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n";
        String row = String.format("| %s | %d | %s | %.1f | %d | %d | %s | %d | %d | %d (≤ %d) | %d | %d | %d | %s |%n",
                LocalDateTime.now().format(DateTimeFormatter.ofPattern("MM-dd HH:mm")), config.seed(),
                config.describe().replaceFirst("^seed \\d+: ", ""), minutes, config.messages(), calls, harms, verdict.lost().size(),
                verdict.wrong().size(), verdict.duplicated(), bound, verdict.pending(), stalls.maxStallMillis(), stalls.maxResumeMillis(),
                passed ? "pass" : "FAIL");
        Results.append(RESULTS, header, row);
    }

    /** Keeps the consumer's log of a failed seed in target/ (the run's own folder is temporary). */
    private void saveLog(Subject subject, Timeline timeline) {
        Path file = RESULTS.resolveSibling("torture-seed-" + config.seed() + "-" + System.currentTimeMillis() + ".log");
        try {
            java.nio.file.Files.writeString(file, "timeline " + timeline.outages() + "\n" + subject.log(), StandardCharsets.UTF_8);
            System.out.println("torture: the consumer's log is in " + file);
        } catch (java.io.IOException e) {
            System.out.println("torture: could not save the consumer's log: " + e);
        }
    }

    /** What the harm did that the broker answers for (see {@link TortureModel.Harmed}). */
    private static TortureModel.Harmed harmed(Timeline timeline, Targets targets, String delayQueue) {
        return new TortureModel.Harmed(
                timeline.outages().stream().filter(o -> o.what().startsWith("stop_app n" + Harmer.NODE)).map(Timeline.Outage::upAt).toList(),
                instants(timeline, "delete " + targets.dlq()), instants(timeline, "delete " + delayQueue));
    }

    private static List<Long> instants(Timeline timeline, String what) {
        return timeline.outages().stream().filter(o -> o.what().equals(what)).map(Timeline.Outage::downAt).toList();
    }

    /**
     * The run's random source number {@code stream} of a seed. Mixed first: {@code new Random(seed)}
     * of neighbouring seeds starts with nearly the same numbers (seeds 100 to 202 all chose batches).
     */
    static Random random(long seed, int stream) {
        return new Random(new java.util.SplittableRandom(seed * 2 + stream).nextLong());
    }

    private static List<String> first(List<String> all) {
        return all.subList(0, Math.min(20, all.size()));
    }

    private static void join(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
