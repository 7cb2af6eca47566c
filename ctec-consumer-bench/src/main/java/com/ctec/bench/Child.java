package com.ctec.bench;

import com.ctec.consumer.ConcurrencyMode;
import com.ctec.consumer.ConsumeResult;
import com.ctec.consumer.Consumer;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.MessageProperties;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The program scenario 6 runs in a fresh JVM, where memory and start-up time are not blurred by
 * the harness: {@code footprint} holds N messages in flight on blocked virtual threads and reports
 * heap and RSS before and after; {@code startup} reports the time from JVM start to the first
 * message handled. Prints one {@code RESULT key=value ...} line.
 */
public final class Child {
    private Child() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        String mode = args[0];
        boolean ctec = args[1].equals("ctec");
        String uri = args[2];
        String queue = args[3];
        if (mode.equals("startup")) {
            startup(ctec, uri, queue);
        } else {
            footprint(ctec, uri, queue, Integer.parseInt(args[4]), Integer.parseInt(args[5]));
        }
        System.exit(0);
    }

    private static void startup(boolean ctec, String uri, String queue) throws Exception {
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        CountDownLatch first = new CountDownLatch(1);
        long[] handledAt = new long[1];
        AutoCloseable running = ctec ? ctec(uri, queue, 30, ConcurrencyMode.THREADS, () -> {
            handledAt[0] = System.currentTimeMillis();
            first.countDown();
        }) : raw(uri, queue, 30, () -> {
            handledAt[0] = System.currentTimeMillis();
            first.countDown();
        }, false);
        if (!first.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("no message within 60 s");
        }
        System.out.println("RESULT firstMessageMillis=" + (handledAt[0] - jvmStart));
        running.close();
    }

    private static void footprint(boolean ctec, String uri, String queue, int inFlight, int bodySize) throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch arrived = new CountDownLatch(inFlight);
        Runnable block = () -> {
            arrived.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        AutoCloseable running = ctec ? ctec(uri, queue, inFlight, ConcurrencyMode.VIRTUAL_THREADS, block)
                : raw(uri, queue, inFlight, block, true);
        Thread.sleep(300);
        long heapBefore = heapAfterGc();
        long rssBefore = status("VmRSS");
        fill(uri, queue, inFlight, bodySize);
        if (!arrived.await(120, TimeUnit.SECONDS)) {
            throw new IllegalStateException("only " + (inFlight - arrived.getCount()) + " of " + inFlight + " messages arrived");
        }
        Thread.sleep(200);
        long heapAfter = heapAfterGc();
        long rssAfter = status("VmRSS");
        writeHistogram(System.getProperty("footprint.histogram"));
        System.out.printf("RESULT heapBefore=%d heapAfter=%d rssBefore=%d rssAfter=%d rssPeak=%d threads=%d%n", heapBefore, heapAfter,
                rssBefore, rssAfter, status("VmHWM"), Thread.activeCount());
        release.countDown();
        running.close();
    }

    private static AutoCloseable ctec(String uri, String queue, int prefetch, ConcurrencyMode mode, Runnable onMessage) {
        Consumer consumer = Consumer.builder(uri, queue).prefetch(prefetch).mode(mode).agent(false).build();
        consumer.registerWorker(message -> {
            onMessage.run();
            return ConsumeResult.SUCCESS;
        });
        consumer.start();
        return consumer;
    }

    /**
     * The raw client doing the same job by hand: with {@code virtualThreads}, a virtual thread per
     * delivery (the baseline for ctec's VIRTUAL_THREADS footprint); acks from the worker threads.
     */
    private static AutoCloseable raw(String uri, String queue, int prefetch, Runnable onMessage, boolean virtualThreads) throws Exception {
        Connection connection = Broker.factory(uri).newConnection("ctec-bench child");
        Channel channel = connection.createChannel();
        channel.basicQos(prefetch);
        channel.basicConsume(queue, false, new DefaultConsumer(channel) {
            @Override
            public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) throws IOException {
                // A consumer that handles its message keeps it (body and properties) until it is done, as ctec's worker does.
                Runnable work = () -> {
                    onMessage.run();
                    Objects.requireNonNull(body);
                    Objects.requireNonNull(properties);
                    try {
                        channel.basicAck(envelope.getDeliveryTag(), false);
                    } catch (IOException e) {
                        // Closing: the broker redelivers.
                    }
                };
                if (virtualThreads) {
                    Thread.ofVirtual().start(work);
                } else {
                    work.run();
                }
            }
        });
        return connection::close;
    }

    private static void fill(String uri, String queue, int count, int bodySize) throws Exception {
        try (Connection connection = Broker.factory(uri).newConnection("ctec-bench child filler")) {
            Channel channel = connection.createChannel();
            channel.confirmSelect();
            for (int id = 0; id < count; id++) {
                channel.basicPublish("", queue, MessageProperties.PERSISTENT_BASIC, Payload.of(id, bodySize));
            }
            channel.waitForConfirmsOrDie(60_000);
        }
    }

    private static long heapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /**
     * With {@code -Dfootprint.histogram=FILE}: the live objects by class while every message is in
     * flight (what {@code jcmd GC.class_histogram} prints), to see what a message in flight keeps.
     */
    private static void writeHistogram(String file) throws Exception {
        if (file == null) {
            return;
        }
        Object histogram = ManagementFactory.getPlatformMBeanServer().invoke(
                new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                new Object[] {new String[0]}, new String[] {String[].class.getName()});
        Files.writeString(Path.of(file), String.valueOf(histogram));
        // and one stack of each kind of blocked thread, to see the frames a blocked message keeps
        ManagementFactory.getPlatformMBeanServer().invoke(new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"),
                "threadDumpToFile", new Object[] {new String[] {"-overwrite", file + ".threads.txt"}}, new String[] {String[].class.getName()});
    }

    /** A value of /proc/self/status in bytes (VmRSS, VmHWM). */
    private static long status(String key) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith(key + ":")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return -1;
    }
}
