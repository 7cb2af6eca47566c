package com.ctec.bench.contenders;

import com.ctec.bench.Contender;
import com.ctec.bench.Job;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.core.task.SimpleAsyncTaskExecutor;

/**
 * Spring AMQP's SimpleMessageListenerContainer, created programmatically (no Boot): each consumer
 * has its own thread; {@code batchSize} messages are acked together.
 */
public record SpringSimple(int prefetch, int batchSize, int consumers, boolean virtualThreads) implements Contender {
    @Override
    public String name() {
        return "Spring SMLC batchSize " + batchSize + ", prefetch " + prefetch
                + (consumers > 1 ? ", " + consumers + " consumers" : "") + (virtualThreads ? ", virtual-thread executor" : "");
    }

    @Override
    public AutoCloseable start(Job job) {
        CachingConnectionFactory factory = SpringContainers.connectionFactory(job.uri());
        SimpleMessageListenerContainer container = new SimpleMessageListenerContainer(factory);
        SpringContainers.configure(container, job, prefetch);
        container.setBatchSize(batchSize);
        container.setConcurrentConsumers(consumers);
        if (virtualThreads) {
            SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor("smlc-vt-");
            executor.setVirtualThreads(true);
            container.setTaskExecutor(executor);
        }
        return SpringContainers.started(container, factory);
    }
}
