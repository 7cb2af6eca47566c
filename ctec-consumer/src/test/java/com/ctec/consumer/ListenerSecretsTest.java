package com.ctec.consumer;

import com.ctec.consumer.spi.ConsumerInfo;
import com.ctec.consumer.spi.ConsumerListener;
import com.ctec.consumer.testing.Broker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** What every listener is handed, {@link ConsumerInfo}, holds no password: the ZooKeeper digest goes to the agent alone. */
class ListenerSecretsTest {
    private final Broker broker = new Broker();

    @AfterEach
    void cleanUp() {
        broker.close();
    }

    @Test
    void noMethodOfTheInfoAListenerGetsAnswersWithAPassword() throws Exception {
        AtomicReference<ConsumerInfo> seen = new AtomicReference<>();
        try (Consumer consumer = Consumer.builder(Broker.URL, broker.queue("listener-secrets")).agent(false)
                .zookeeper("127.0.0.1:2181").zookeeperDigest("agent:Zk-S3cret")
                .listener(new ConsumerListener() {
                    @Override
                    public void consumerStarted(ConsumerInfo consumer) {
                        seen.set(consumer);
                    }
                }).build()) {
            consumer.registerWorker(m -> ConsumeResult.SUCCESS);
            consumer.start();

            List<String> answers = new ArrayList<>();
            for (Method method : ConsumerInfo.class.getMethods()) {
                if (method.getParameterCount() == 0 && !Modifier.isStatic(method.getModifiers())) {
                    answers.add(method.getName() + " = " + method.invoke(seen.get()));
                }
            }

            assertThat(answers).hasSizeGreaterThan(10);
            assertThat(String.join("\n", answers)).doesNotContain("S3cret").doesNotContain(":guest@");
        }
    }
}
