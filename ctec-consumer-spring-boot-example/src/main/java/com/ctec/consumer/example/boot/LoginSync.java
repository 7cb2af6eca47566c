package com.ctec.consumer.example.boot;

import com.ctec.consumer.ConsumeResult;
import com.ctec.consumer.WorkerMessage;
import com.ctec.consumer.spring.CtecWorker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** The worker: one method per message, as in the seed. */
@Component
class LoginSync {
    private static final Logger LOG = LoggerFactory.getLogger(LoginSync.class);

    @CtecWorker(consumer = "loginsync")
    ConsumeResult save(WorkerMessage message) {
        LOG.info("login: {}", message.bodyAsString());
        // ... the work ...
        return message.bodyAsString().contains("poison") ? ConsumeResult.REJECT : ConsumeResult.SUCCESS;
    }
}
