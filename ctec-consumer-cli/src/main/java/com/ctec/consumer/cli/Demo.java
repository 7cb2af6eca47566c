package com.ctec.consumer.cli;

import com.ctec.consumer.BatchWorker;
import com.ctec.consumer.ConcurrencyMode;
import com.ctec.consumer.ConsumeResult;
import com.ctec.consumer.Consumer;
import com.ctec.consumer.DeadLetters;
import com.ctec.consumer.agent.registry.RegistryClient;
import com.ctec.consumer.cli.examples.ForwardWorker;
import com.ctec.consumer.cli.examples.PoisonWorker;
import com.ctec.consumer.cli.examples.SleepWorker;
import com.ctec.consumer.cli.examples.UppercaseRpcWorker;
import com.rabbitmq.client.Connection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.helpers.NOPLogger;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongFunction;
import java.util.function.Supplier;

/**
 * The demo's steps on throw-away queues {@code ctec-demo.<id>.*}: each step declares its queues,
 * starts consumers, publishes, shows a live progress line until every message is settled, and
 * adds a row to the summary. Every consumer reports to the ZooKeeper registry with the agent (app
 * {@code demo-<step>}) and keeps running until the end, where {@code ctec-consumer status} shows
 * what they registered; {@link #watch} then keeps them busy for the dashboard. Its queues are
 * deleted at the end, also after a failure or Ctrl-C.
 */
final class Demo implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("ctec.demo");
    private static final Duration SLEEP = Duration.ofMillis(10);
    private static final int THREADS = 8;
    private static final int RPC_CALLS = 50;
    private static final int MAX_ATTEMPTS = 3;
    /** Entries rewritten every second: the status at the end shows the last step's messages. */
    private static final Duration AGENT_INTERVAL = Duration.ofSeconds(1);
    /** In --watch: a message every this often to each busy queue, and one poison message in so many. */
    private static final Duration WATCH_PACE = Duration.ofMillis(100);
    private static final int POISON_EVERY = 40;

    private final String url;
    private final String zookeeper;
    private final List<Consumer> running = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Map<String, String> queueOfStep = new ConcurrentHashMap<>();
    private final Connection connection;
    private final int messages;
    private final PrintStream out;
    private final ProgressLine progress;
    private final DemoQueues queues;
    private final DemoSteps steps;
    private final Thread cleanupOnExit = new Thread(this::stopAndDelete, "ctec-demo-cleanup");

    private Demo(String url, String zookeeper, Connection connection, int messages, PrintStream out, boolean terminal) {
        this.url = url;
        this.zookeeper = zookeeper;
        this.connection = connection;
        this.messages = messages;
        this.out = out;
        this.progress = new ProgressLine(out, terminal);
        this.queues = new DemoQueues(connection);
        this.steps = new DemoSteps(progress);
        // Ctrl-C between steps ends the JVM: the queues must still go.
        Runtime.getRuntime().addShutdownHook(cleanupOnExit);
    }

    /** A demo on the broker of {@code url} whose consumers register in the ZooKeeper of {@code zookeeper}. */
    static Demo connect(String url, String zookeeper, int messages, PrintStream out, boolean terminal) {
        return new Demo(url, zookeeper, Brokers.open(url, "ctec-consumer demo"), messages, out, terminal);
    }

    int run() throws InterruptedException {
        long started = System.nanoTime();
        out.println("ctec-consumer demo on " + Brokers.parse(url).redacted() + ", queues " + queues.prefix() + ".* (deleted at the end)");
        out.println();
        threads();
        virtualThreads();
        batches();
        forward();
        rpc();
        String dlq = poison();
        out.println();
        out.print(steps.summary());
        out.println();
        showDeadLetter(dlq);
        showStatus();
        return Exit.OK;
    }

    /** Stops the consumers, deletes the queues and says what is next. */
    void finish(long started) {
        stopConsumers();
        int deleted = queues.deleteAll();
        out.printf("Deleted the %d demo queues. Done in %.1f s.%n", deleted, (System.nanoTime() - started) / 1e9);
        out.println("Next: bin/demo --watch (the dashboard of a live demo fleet), ctec-consumer run --help (your own worker "
                + "on your queue), ctec-consumer dlq --help, docs/cli.md.");
    }

    /**
     * Keeps the consumers busy: a message every {@link #WATCH_PACE} to the threads and dead-letter
     * steps' queues, one in {@link #POISON_EVERY} a poison message, until {@code until} is done.
     */
    void watch(CountDownLatch until) throws InterruptedException {
        String busy = queueOfStep.get("threads");
        String poison = queueOfStep.get("dead letter");
        try (ConfirmedSender sender = new ConfirmedSender(connection, 1000)) {
            for (long n = 1; !until.await(WATCH_PACE.toMillis(), TimeUnit.MILLISECONDS); n++) {
                sender.send("", busy, null, ("order " + n).getBytes(StandardCharsets.UTF_8));
                String body = n % POISON_EVERY == 0 ? "poison pill " + n : "order " + n;
                sender.send("", poison, null, body.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw CliException.failure("The demo could not publish to its queues (" + e.getMessage() + ").", e);
        }
    }

    /** What the registry holds now, as {@code ctec-consumer status} prints it, once every step's app is in it. */
    private void showStatus() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (registeredApps() < queueOfStep.size() && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(200);
        }
        TimeUnit.MILLISECONDS.sleep(2 * AGENT_INTERVAL.toMillis()); // One more rewrite: the last messages counted.
        out.println("What the consumers registered in ZooKeeper at " + zookeeper + " (ctec-consumer status --zookeeper "
                + zookeeper + "):");
        out.flush();
        new picocli.CommandLine(new StatusCommand()).execute("--zookeeper", zookeeper);
        out.println();
    }

    private long registeredApps() {
        try (org.apache.curator.framework.CuratorFramework client = RegistryClient.create(zookeeper, Duration.ofSeconds(3),
                Duration.ofSeconds(5), new org.apache.curator.retry.RetryOneTime(200), null, null)) {
            client.start();
            return new com.ctec.consumer.agent.registry.RegistryReader(client, com.ctec.consumer.dashboard.DashboardServer.DEFAULT_ROOT)
                    .apps().stream().filter(app -> app.startsWith("demo-")).count();
        } catch (RuntimeException e) {
            return 0;
        }
    }

    private synchronized void stopConsumers() {
        running.forEach(Consumer::close);
        running.clear();
    }

    private void threads() throws InterruptedException {
        String queue = queues.declare("threads");
        Consumer consumer = builder(queue, "threads").threads(THREADS).prefetch(50).build();
        consumer.registerWorker(new SleepWorker(SLEEP));
        step("threads", "THREADS (" + THREADS + ")", List.of(consumer), messages, () -> publish(queue, messages, n -> "order " + n),
                SLEEP.toMillis() + " ms of I/O per message, " + THREADS + " at a time");
    }

    private void virtualThreads() throws InterruptedException {
        String queue = queues.declare("virtual");
        Consumer consumer = builder(queue, "virtual").mode(ConcurrencyMode.VIRTUAL_THREADS).prefetch(500).build();
        consumer.registerWorker(new SleepWorker(SLEEP));
        step("virtual threads", "VIRTUAL_THREADS", List.of(consumer), messages, () -> publish(queue, messages, n -> "order " + n),
                "the same work, up to 500 at a time");
    }

    private void batches() throws InterruptedException {
        String queue = queues.declare("batch");
        int batchSize = 100;
        AtomicInteger batches = new AtomicInteger();
        BatchWorker worker = list -> {
            batches.incrementAndGet();
            Thread.sleep(SLEEP); // one bulk write per batch instead of one per message
            return ConsumeResult.SUCCESS;
        };
        Consumer consumer = builder(queue, "batch").batchSize(batchSize).prefetch(2 * batchSize).build();
        consumer.registerBatchWorker(worker);
        step("batch", "THREADS, batches", List.of(consumer), messages, () -> publish(queue, messages, n -> "row " + n),
                () -> batches.get() + " worker calls for " + messages + " messages");
    }

    private void forward() throws InterruptedException {
        String in = queues.declare("forward-in");
        String target = queues.declare("forward-out");
        int count = Math.max(10, messages / 5);
        Consumer forwarder = builder(in, "forward").build();
        forwarder.registerWorker(new ForwardWorker("", target));
        Consumer receiver = builder(target, "forward").build();
        receiver.registerWorker(m -> ConsumeResult.SUCCESS);
        step("forward", "THREADS", List.of(forwarder, receiver), 2L * count, () -> publish(in, count, n -> "event " + n),
                () -> forwarder.stats().forwarded() + " forwarded to ." + target.substring(queues.prefix().length() + 1) + " (confirmed before ack)");
    }

    private void rpc() throws InterruptedException {
        String queue = queues.declare("rpc");
        Consumer server = builder(queue, "rpc").rpc(true).build();
        server.registerWorker(new UppercaseRpcWorker());
        RpcCaller client = new RpcCaller(connection);
        step("rpc", "THREADS, rpc", List.of(server), RPC_CALLS, () -> client.call(queue, RPC_CALLS),
                () -> client.summary());
    }

    private String poison() throws InterruptedException {
        String queue = queues.declare("poison");
        String dlq = queue + ".dlq";
        int good = 20;
        // The worker's stack traces are the point of the step, not news: keep them off the screen.
        Consumer consumer = builder(queue, "dead-letter").logger(NOPLogger.NOP_LOGGER).maxAttempts(MAX_ATTEMPTS).build();
        consumer.registerWorker(new PoisonWorker());
        step("dead letter", "THREADS, retries", List.of(consumer), good + 1,
                () -> publish(queue, good + 1, n -> n == good / 2 ? "poison pill" : "order " + n),
                "'poison pill' failed " + MAX_ATTEMPTS + " times: moved to .poison.dlq");
        return dlq;
    }

    private Consumer.Builder builder(String queue, String step) {
        // The agent reports each step as an app of the registry; no management API lookup (demo queues have no DLX of their own).
        return Consumer.builder(url, queue).logger(LOG).agent(true).zookeeper(zookeeper).agentInterval(AGENT_INTERVAL)
                .managementPort(0).shutdownTimeout(Duration.ofSeconds(5)).appName("demo-" + step);
    }

    private void step(String name, String mode, List<Consumer> consumers, long expected, DemoSteps.Action action, String note)
            throws InterruptedException {
        step(name, mode, consumers, expected, action, () -> note);
    }

    private void step(String name, String mode, List<Consumer> consumers, long expected, DemoSteps.Action action,
                      Supplier<String> note) throws InterruptedException {
        consumers.forEach(Consumer::start);
        running.addAll(consumers);
        queueOfStep.put(name, consumers.get(0).info().queue());
        steps.run(name, mode, consumers, expected, action, note);
    }

    private void publish(String queue, long count, LongFunction<String> body) throws IOException, InterruptedException {
        try (ConfirmedSender sender = new ConfirmedSender(connection, 1000)) {
            for (long n = 1; n <= count; n++) {
                sender.send("", queue, null, body.apply(n).getBytes(StandardCharsets.UTF_8));
            }
            if (!sender.awaitConfirms(Duration.ofSeconds(30)) || sender.nacked() + sender.returned() > 0) {
                throw CliException.failure("The broker did not confirm the demo's messages to '" + queue + "': check its logs (memory or disk alarm?).");
            }
        }
    }

    private void showDeadLetter(String dlq) {
        try (DeadLetters letters = DeadLetters.connect(url)) {
            List<DeadLetters.DeadLetter> found = letters.list(dlq, 1);
            if (!found.isEmpty()) {
                out.println("The poison message in " + dlq + ", with the headers the framework added "
                        + "(ctec-consumer dlq list|move handle these):");
                out.println(DlqCommand.describe(found.get(0)));
                out.println();
            }
        }
    }

    /** On exit: consumers first, or one still dead-lettering would declare its {@code .dlq} again after the delete. */
    private void stopAndDelete() {
        stopConsumers();
        queues.deleteAll();
    }

    @Override
    public void close() {
        stopConsumers();
        queues.deleteAll();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanupOnExit);
        } catch (IllegalStateException e) {
            // Already shutting down: the hook runs (and finds nothing left to do).
        }
        try {
            connection.close();
        } catch (IOException | RuntimeException e) {
            // Already closed.
        }
    }
}
