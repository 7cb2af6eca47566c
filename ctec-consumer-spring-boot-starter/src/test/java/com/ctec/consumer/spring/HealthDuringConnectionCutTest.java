package com.ctec.consumer.spring;

import com.ctec.consumer.ConsumeResult;
import com.ctec.consumer.Worker;
import com.ctec.consumer.testing.Broker;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A consumer's health over HTTP follows its broker connection: UP, OUT_OF_SERVICE with the reason while cut, UP again, DOWN once stopped. */
class HealthDuringConnectionCutTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
        @Bean
        Worker ackAll() {
            return message -> ConsumeResult.SUCCESS;
        }
    }

    @Test
    void healthGoesOutOfServiceWithTheReasonWhileTheConnectionIsCutAndUpWhenItIsBack() throws Exception {
        try (Broker broker = new Broker(); BrokerSwitch link = new BrokerSwitch()) {
            String queue = broker.queue("boot-cut");
            ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class).properties(
                    "server.port=0", "spring.main.banner-mode=off", "management.endpoint.health.show-details=always",
                    "ctec.consumer.url=" + link.url(), "ctec.consumer.zookeeper=", "ctec.consumer.management-port=0",
                    "ctec.consumer.consumers.cut.queue=" + queue, "ctec.consumer.consumers.cut.worker=ackAll").run();
            String health = "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port") + "/actuator/health/ctecConsumers/cut";
            try (context) {
                assertThat(get(health).statusCode()).isEqualTo(200);
                assertThat(get(health).body()).contains("\"status\":\"UP\"", "\"state\":\"RUNNING\"");

                link.down();
                await().atMost(Duration.ofSeconds(20)).until(() -> get(health).statusCode() == 503);
                assertThat(get(health).body()).contains("\"status\":\"OUT_OF_SERVICE\"", "\"state\":\"RECOVERING\"",
                        "\"reason\":\"the broker connection to 127.0.0.1:");

                link.up();
                await().atMost(Duration.ofSeconds(60)).until(() -> get(health).statusCode() == 200);
                broker.publish(queue, "after the cut");
                await().atMost(Duration.ofSeconds(20)).until(() -> broker.messageCount(queue) == 0);

                context.getBean(CtecConsumers.class).stop();
                assertThat(get(health).body()).contains("\"status\":\"DOWN\"", "\"state\":\"STOPPED\"");
            }
        }
    }

    private static HttpResponse<String> get(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
