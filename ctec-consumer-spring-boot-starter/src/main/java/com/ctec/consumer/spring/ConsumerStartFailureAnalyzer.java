package com.ctec.consumer.spring;

import com.ctec.consumer.ConsumerException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * A context that failed on a consumer (bad setting, missing worker, wrong password, missing queue)
 * is reported by Spring Boot with the consumer's one sentence instead of a stack of wrappers.
 */
public final class ConsumerStartFailureAnalyzer extends AbstractFailureAnalyzer<ConsumerException> {
    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, ConsumerException cause) {
        return new FailureAnalysis(cause.getMessage(), "Fix what the sentence above names (the ctec.consumer.* settings are "
                + "described in docs/spring-boot.md), then start the application again.", cause);
    }
}
