package com.ctec.consumer.spring;

import com.ctec.consumer.ConsumeResult;
import com.ctec.consumer.WorkerMessage;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.ContextClosedEvent;

/**
 * The Boot service {@link SigtermTest} runs in a child JVM: a worker that takes 200 ms per message
 * and prints {@code started N} and {@code handled N}; {@code context closing} when Spring closes.
 * Arguments: broker URL, queue.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class SigtermApp {
    public static void main(String[] args) {
        SpringApplication.run(SigtermApp.class, "--ctec.consumer.url=" + args[0], "--ctec.consumer.consumers.slow.queue=" + args[1],
                "--ctec.consumer.zookeeper=", "--ctec.consumer.consumers.slow.threads=4", "--ctec.consumer.consumers.slow.prefetch=4",
                "--spring.main.banner-mode=off", "--spring.main.web-application-type=none", "--spring.main.keep-alive=true");
    }

    @Bean
    ApplicationListener<ContextClosedEvent> printClosing() {
        return event -> System.out.println("context closing");
    }

    @Bean
    SlowWorker slowWorker() {
        return new SlowWorker();
    }

    static class SlowWorker {
        @CtecWorker(consumer = "slow")
        ConsumeResult handle(WorkerMessage message) throws InterruptedException {
            System.out.println("started " + message.bodyAsString());
            Thread.sleep(200);
            System.out.println("handled " + message.bodyAsString());
            return ConsumeResult.SUCCESS;
        }
    }
}
