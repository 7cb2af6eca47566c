package com.ctec.consumer.signals;

import com.ctec.consumer.ConsumeResult;
import com.ctec.consumer.Consumer;

import java.time.Duration;

/**
 * A user's main as the seed writes it: build, register, run. Prints "started" once consuming and
 * "handled <body>" for every message it finishes, so the test can count.
 */
public final class SlowConsumerApp {
    private SlowConsumerApp() {
    }

    public static void main(String[] args) {
        String url = args[0];
        String queue = args[1];
        Consumer consumer = Consumer.builder(url, queue).agent(false).threads(4).prefetch(20)
                .shutdownTimeout(Duration.ofSeconds(20)).build();
        consumer.registerWorker(message -> {
            System.out.println("started " + message.bodyAsString());
            Thread.sleep(300);
            System.out.println("handled " + message.bodyAsString());
            return ConsumeResult.SUCCESS;
        });
        consumer.run();
        System.out.println("run returned");
    }
}
