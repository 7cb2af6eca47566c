package com.ctec.consumer.spring;

import com.ctec.consumer.Consumer;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

/**
 * The consumers of {@code ctec.consumer.*} and their {@link CtecWorker} methods, started with the
 * context; {@code ctec.consumer.enabled=false} turns it all off.
 */
@AutoConfiguration
@ConditionalOnClass(Consumer.class)
@ConditionalOnProperty(prefix = CtecConsumerProperties.PREFIX, name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(CtecConsumerProperties.class)
public class CtecConsumerAutoConfiguration {
    /** Static: a BeanPostProcessor must exist before the beans it looks at. */
    @Bean
    static WorkerMethods ctecWorkerMethods() {
        return new WorkerMethods();
    }

    @Bean
    CtecConsumers ctecConsumers(CtecConsumerProperties properties, WorkerMethods ctecWorkerMethods,
                                ConfigurableListableBeanFactory beans, Environment environment) {
        String timeout = environment.getProperty("spring.lifecycle.timeout-per-shutdown-phase", "30s");
        Duration shutdownPhase = DurationStyle.detectAndParse(timeout, ChronoUnit.MILLIS);
        ConsumerFactory factory = new ConsumerFactory(properties, environment.getProperty("spring.application.name"));
        return new CtecConsumers(properties, factory, ctecWorkerMethods, beans, shutdownPhase);
    }
}
