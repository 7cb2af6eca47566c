package com.ctec.consumer.internal.connect;

import org.junit.jupiter.api.Test;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConnectionThreadExecutorTest {
    private final ConnectionThreadExecutor executor = new ConnectionThreadExecutor();

    @Test
    void aTaskRunsAtOnceOnTheSubmittingThread() {
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        executor.execute(() -> ranOn.set(Thread.currentThread()));
        assertThat(ranOn.get()).isSameAs(Thread.currentThread());
    }

    @Test
    void afterShutdownTasksAreRefusedAndNothingRuns() {
        executor.shutdown();
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        assertThatThrownBy(() -> executor.execute(() -> ranOn.set(Thread.currentThread())))
                .isInstanceOf(RejectedExecutionException.class);
        assertThat(ranOn.get()).isNull();
        assertThat(executor.isShutdown()).isTrue();
        assertThat(executor.isTerminated()).isTrue();
    }
}
