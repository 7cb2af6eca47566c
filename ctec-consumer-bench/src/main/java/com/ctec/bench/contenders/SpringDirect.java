package com.ctec.bench.contenders;

import com.ctec.bench.Contender;
import com.ctec.bench.Job;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.listener.DirectMessageListenerContainer;

/** Spring AMQP's DirectMessageListenerContainer: the listener runs on the client's delivery thread. */
public record SpringDirect(int prefetch, int messagesPerAck) implements Contender {
    @Override
    public String name() {
        return "Spring DMLC messagesPerAck " + messagesPerAck + ", prefetch " + prefetch;
    }

    @Override
    public AutoCloseable start(Job job) {
        CachingConnectionFactory factory = SpringContainers.connectionFactory(job.uri());
        DirectMessageListenerContainer container = new DirectMessageListenerContainer(factory);
        SpringContainers.configure(container, job, prefetch);
        container.setConsumersPerQueue(1);
        container.setMessagesPerAck(messagesPerAck);
        return SpringContainers.started(container, factory);
    }
}
