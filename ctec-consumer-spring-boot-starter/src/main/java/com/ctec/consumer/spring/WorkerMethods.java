package com.ctec.consumer.spring;

import com.ctec.consumer.BatchWorker;
import com.ctec.consumer.ConsumeResult;
import com.ctec.consumer.ConsumerException;
import com.ctec.consumer.Worker;
import com.ctec.consumer.WorkerMessage;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.AnnotatedElementUtils;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Finds the {@link CtecWorker} methods of every bean as it is created, checks their signature
 * (one message or a list of them in, {@link ConsumeResult} out) and keeps them as workers for
 * {@link CtecConsumers}. {@code ${...}} placeholders in the annotation are resolved from the
 * environment. A wrong signature fails the context with one sentence naming the method.
 */
final class WorkerMethods implements BeanPostProcessor, EnvironmentAware {
    /** One annotated method on its bean, as a Worker or a BatchWorker. */
    record Found(String consumer, String queue, String beanName, String description, Object worker) {
        boolean isBatch() {
            return worker instanceof BatchWorker;
        }
    }

    private final List<Found> found = new CopyOnWriteArrayList<>();
    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    List<Found> found() {
        return List.copyOf(found);
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        Class<?> type = AopUtils.getTargetClass(bean);
        Map<Method, CtecWorker> methods = MethodIntrospector.selectMethods(type,
                (MethodIntrospector.MetadataLookup<CtecWorker>) m -> AnnotatedElementUtils.findMergedAnnotation(m, CtecWorker.class));
        methods.forEach((method, annotation) -> found.add(adapt(bean, beanName, method,
                environment.resolveRequiredPlaceholders(annotation.consumer()), environment.resolveRequiredPlaceholders(annotation.queue()))));
        return bean;
    }

    private static Found adapt(Object bean, String beanName, Method declared, String consumer, String queue) {
        String description = "@CtecWorker method " + declared.getDeclaringClass().getSimpleName() + "." + declared.getName()
                + " of bean '" + beanName + "'";
        boolean byConsumer = !consumer.isBlank();
        if (byConsumer == !queue.isBlank()) {
            throw new ConsumerException(description + " names " + (byConsumer ? "both a consumer and a queue" : "neither a consumer nor a queue")
                    + ": give one, e.g. @CtecWorker(consumer = \"orders\") or @CtecWorker(queue = \"q.orders\").");
        }
        if (declared.getParameterCount() != 1 || declared.getReturnType() != ConsumeResult.class) {
            throw new ConsumerException(description + " must take one WorkerMessage (or List<WorkerMessage>) and return "
                    + "ConsumeResult: change its signature to ConsumeResult " + declared.getName() + "(WorkerMessage message).");
        }
        Method method = AopUtils.selectInvocableMethod(declared, bean.getClass());
        method.setAccessible(true);
        ResolvableType parameter = ResolvableType.forMethodParameter(declared, 0);
        Object worker;
        if (parameter.resolve() == WorkerMessage.class) {
            worker = (Worker) message -> invoke(bean, method, message);
        } else if (List.class.isAssignableFrom(parameter.toClass()) && parameter.getGeneric(0).resolve() == WorkerMessage.class) {
            worker = (BatchWorker) messages -> invoke(bean, method, messages);
        } else {
            throw new ConsumerException(description + " takes " + parameter + ": take a WorkerMessage, or a List<WorkerMessage> "
                    + "for a consumer with batch-size above 1.");
        }
        return new Found(byConsumer ? consumer : null, byConsumer ? null : queue, beanName, description, worker);
    }

    /** Calls the method; what it throws reaches the engine as itself (logged, retried, dead-lettered). */
    private static ConsumeResult invoke(Object bean, Method method, Object argument) throws Exception {
        try {
            return (ConsumeResult) method.invoke(bean, argument);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e.getCause() instanceof Exception thrown ? thrown : e;
        }
    }
}
