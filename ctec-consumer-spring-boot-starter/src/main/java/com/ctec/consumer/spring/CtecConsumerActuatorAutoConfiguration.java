package com.ctec.consumer.spring;

import com.ctec.consumer.agent.AgentMeterBinder;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What Actuator shows of the consumers, each part when its piece of Actuator is on the classpath:
 * health {@code ctecConsumers/<name>}, the endpoint {@code ctecconsumers}, and the agent's meters
 * (the names of {@code /metrics}) in the application's {@link MeterRegistry}.
 */
@AutoConfiguration(after = CtecConsumerAutoConfiguration.class)
@ConditionalOnBean(CtecConsumers.class)
public class CtecConsumerActuatorAutoConfiguration {

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HealthContributor.class)
    @ConditionalOnEnabledHealthIndicator("ctecConsumers")
    static class Health {
        /** One indicator per consumer, built lazily: the consumers exist once every singleton does. */
        @Bean
        CompositeHealthContributor ctecConsumersHealthContributor(CtecConsumers consumers) {
            return new ConsumersHealth(consumers);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
    static class Endpoint {
        @Bean
        @ConditionalOnAvailableEndpoint
        ConsumersEndpoint ctecConsumersEndpoint(CtecConsumers consumers) {
            return new ConsumersEndpoint(consumers);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterRegistry.class)
    static class Meters {
        /** Spring Boot binds every MeterBinder bean to its registries; closed with the context. */
        @Bean
        AgentMeterBinder ctecConsumerMeters() {
            return new AgentMeterBinder();
        }
    }
}
