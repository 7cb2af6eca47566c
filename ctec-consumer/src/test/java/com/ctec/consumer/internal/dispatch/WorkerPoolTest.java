package com.ctec.consumer.internal.dispatch;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WorkerPoolTest {
    private WorkerPool pool;

    private WorkerPool pool(int threads) {
        pool = new WorkerPool(threads, Thread.ofPlatform().daemon(true).name("pool-test-", 1).factory());
        return pool;
    }

    @AfterEach
    void shutDown() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    private static void await(CountDownLatch latch) throws InterruptedException {
        assertThat(latch.await(30, TimeUnit.SECONDS)).as("tasks done within 30 s").isTrue();
    }

    @Test
    void aSlowTaskNeverHoldsUpTheOthersWhileAThreadIsFree() throws Exception {
        pool(3);
        CountDownLatch othersDone = new CountDownLatch(4);
        CountDownLatch slowDone = new CountDownLatch(1);
        // The slow task can only finish once the four behind it have run beside it.
        pool.execute(() -> {
            try {
                othersDone.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            slowDone.countDown();
        }, true);
        for (int i = 0; i < 4; i++) {
            pool.execute(othersDone::countDown, true);
        }
        pool.handOver();
        await(othersDone);
        await(slowDone);
    }

    @Test
    void aDeferredWakeWaitsForTheHandOverThenTheWorkRuns() throws Exception {
        pool(2);
        CountDownLatch ran = new CountDownLatch(3);
        for (int i = 0; i < 3; i++) {
            pool.execute(ran::countDown, true);
        }
        // Nobody was looking and the wake is owed: no thread has been started or woken yet.
        assertThat(pool.started()).isZero();
        pool.handOver();
        await(ran);
        assertThat(pool.started()).isBetween(1, 2);
    }

    @Test
    void workNotDeferredWakesAWorkerAtOnce() throws Exception {
        pool(2);
        CountDownLatch ran = new CountDownLatch(1);
        pool.execute(ran::countDown, false);
        await(ran);
    }

    @RepeatedTest(20) // a worker started late once counted itself out before it was counted in: this caught it
    void neverMoreTasksRunAtOnceThanThreads() throws Exception {
        pool(3);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        CountDownLatch threeTogether = new CountDownLatch(3);
        CountDownLatch done = new CountDownLatch(30);
        for (int i = 0; i < 30; i++) {
            pool.execute(() -> {
                peak.accumulateAndGet(running.incrementAndGet(), Math::max);
                threeTogether.countDown();
                try {
                    threeTogether.await(30, TimeUnit.SECONDS); // the first three meet, so the peak is what the pool allows
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                running.decrementAndGet();
                done.countDown();
            }, i % 2 == 0);
        }
        pool.handOver();
        await(done);
        assertThat(peak.get()).isEqualTo(3);
        assertThat(pool.started()).isEqualTo(3);
    }

    @Test
    void noWorkIsLeftBehindHoweverOffersAndParkingInterleave() throws Exception {
        pool(4);
        int tasks = 200_000;
        CountDownLatch done = new CountDownLatch(tasks);
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < tasks; i++) {
            pool.execute(done::countDown, random.nextBoolean());
            if (random.nextInt(8) == 0) {
                pool.handOver(); // bursts of random length, as reads of the socket would make them
            }
            if (random.nextInt(1_000) == 0) {
                Thread.onSpinWait();
                Thread.yield(); // let the workers drain and park now and then
            }
        }
        pool.handOver();
        await(done);
    }

    @Test
    void aTaskThatThrowsDoesNotCostTheThread() throws Exception {
        pool(1);
        AtomicReference<Thread> first = new AtomicReference<>();
        AtomicReference<Thread> second = new AtomicReference<>();
        CountDownLatch ran = new CountDownLatch(1);
        Thread.UncaughtExceptionHandler quiet = (thread, e) -> { };
        pool.execute(() -> {
            first.set(Thread.currentThread());
            Thread.currentThread().setUncaughtExceptionHandler(quiet);
            throw new IllegalStateException("a bug in a task");
        }, false);
        pool.execute(() -> {
            second.set(Thread.currentThread());
            ran.countDown();
        }, false);
        await(ran);
        assertThat(second.get()).isSameAs(first.get());
    }

    @Test
    void shutdownNowInterruptsARunningTaskAndRefusesNewWork() throws Exception {
        pool(2);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        pool.execute(() -> {
            started.countDown();
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
        }, false);
        await(started);
        pool.shutdownNow();
        await(interrupted);
        assertThatThrownBy(() -> pool.execute(() -> { }, false)).isInstanceOf(RejectedExecutionException.class)
                .hasMessage("the worker pool is shut down");
    }
}
