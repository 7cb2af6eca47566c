package com.ctec.consumer.signals;

import com.ctec.consumer.ConsumeResult;
import com.ctec.consumer.Consumer;

/**
 * An application that embeds a consumer with {@code start()} beside a non-daemon thread of its
 * own (a web server, say) and a shutdown hook: on SIGTERM the consumer must drain, and then the
 * JVM's own handling must go on (the hook runs, the process ends) instead of the signal being lost.
 */
public final class EmbeddedConsumerApp {
    private EmbeddedConsumerApp() {
    }

    public static void main(String[] args) throws Exception {
        Consumer consumer = Consumer.builder(args[0], args[1]).agent(false).build();
        java.util.concurrent.CountDownLatch working = new java.util.concurrent.CountDownLatch(1);
        consumer.registerWorker(message -> {
            if (message.bodyAsString().equals("hold")) {
                // Keeps close() waiting for this message until the test has seen the signal handled (file args[3]).
                while (consumer.state() != com.ctec.consumer.spi.ConsumerState.STOPPING) {
                    Thread.sleep(10);
                }
                System.out.println("close is waiting");
                java.nio.file.Path release = java.nio.file.Path.of(args[3]);
                while (!java.nio.file.Files.exists(release)) {
                    Thread.sleep(10);
                }
            }
            if (message.bodyAsString().equals("slow")) {
                System.out.println("handling slow");
                working.countDown();
                Thread.sleep(1_000);
            }
            System.out.println("handled " + message.bodyAsString());
            return ConsumeResult.SUCCESS;
        });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("shutdown hook ran, consumer " + consumer.state())));
        Thread server = Thread.ofPlatform().daemon(false).name("app-server").start(() -> {
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        consumer.start();
        System.out.println("started");
        if (args.length > 2 && args[2].equals("waits-in-close")) {
            // Code that goes on after the consumer: it decides how the program ends, so the signal is not passed on.
            consumer.close();
            System.out.println("close returned");
            System.exit(0);
        }
        if (args.length > 2 && args[2].equals("exits-while-working")) {
            // Run with -Xrs: no signal can be taken, so the consumer's shutdown hook must drain it.
            working.await();
            System.exit(0);
        }
        server.join();
    }
}
