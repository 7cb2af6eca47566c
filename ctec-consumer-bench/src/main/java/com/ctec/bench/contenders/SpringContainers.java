package com.ctec.bench.contenders;

import com.ctec.bench.Job;
import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.core.MessageListener;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.listener.AbstractMessageListenerContainer;

import java.net.URI;

/** What the two Spring contenders share: the connection factory, the listener, and a stop that waits. */
final class SpringContainers {
    private SpringContainers() {
    }

    static CachingConnectionFactory connectionFactory(String uri) {
        CachingConnectionFactory factory = new CachingConnectionFactory(URI.create(uri));
        factory.getRabbitConnectionFactory().setAutomaticRecoveryEnabled(false); // Spring recovers itself, like ctec
        return factory;
    }

    /** Container-managed acks (AUTO): the listener returns normally, the container acks. */
    static void configure(AbstractMessageListenerContainer container, Job job, int prefetch) {
        container.setQueueNames(job.queue());
        container.setPrefetchCount(prefetch);
        container.setAcknowledgeMode(AcknowledgeMode.AUTO);
        container.setMessageListener((MessageListener) message -> {
            try {
                job.work().handle(message.getBody());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    static AutoCloseable started(AbstractMessageListenerContainer container, CachingConnectionFactory factory) {
        container.afterPropertiesSet();
        container.start();
        return () -> {
            container.stop();
            container.destroy();
            factory.destroy();
        };
    }
}
