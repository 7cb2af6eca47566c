package com.ctec.consumer.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method of a Spring bean as the worker of one consumer. The method takes a
 * {@link com.ctec.consumer.WorkerMessage} (or a {@code List<WorkerMessage>} for a consumer with
 * {@code batch-size} above 1) and returns a {@link com.ctec.consumer.ConsumeResult}; what it
 * throws is a failure, retried and dead-lettered as for any worker.
 *
 * <pre>{@code
 * @CtecWorker(consumer = "orders")          // ctec.consumer.consumers.orders.*
 * ConsumeResult save(WorkerMessage message) { ... }
 *
 * @CtecWorker(queue = "${audit.queue}")    // the consumer of that queue, made with the shared settings if none is configured
 * ConsumeResult audit(WorkerMessage message) { ... }
 * }</pre>
 *
 * <p>Both attributes take {@code ${...}} placeholders.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface CtecWorker {
    /** The name of the consumer under {@code ctec.consumer.consumers}; give this or {@link #queue()}. */
    String consumer() default "";

    /** The queue consumed; give this or {@link #consumer()}. */
    String queue() default "";
}
