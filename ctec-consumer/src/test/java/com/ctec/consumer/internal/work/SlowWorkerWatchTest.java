package com.ctec.consumer.internal.work;

import com.ctec.consumer.testing.RecordingLogger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The watch keeps the running calls in a list linked through the calls themselves: whichever call
 * finishes (first, middle, last), the others are still seen, each slow call is logged once, and a
 * stop interrupts exactly the calls still running. The watch's own timer is stopped at once: the
 * test calls {@code check()} itself, so nothing depends on when a timer fires.
 */
class SlowWorkerWatchTest {
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    /** Threshold zero: every running call counts as slow at the first look. */
    private final SlowWorkerWatch watch = new SlowWorkerWatch(Duration.ZERO, new RecordingLogger(lines), timer);

    private static final class Call extends RunningCall {
    }

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    @Test
    void eachRunningCallIsLoggedOnceWhicheverOthersFinished() {
        timer.shutdownNow();
        Call a = new Call();
        Call b = new Call();
        Call c = new Call();
        Call d = new Call();
        watch.started(a, "call A");
        watch.started(b, "call B");
        watch.started(c, "call C");
        watch.started(d, "call D");
        watch.finished(c);   // in the middle of the list
        watch.finished(d);   // its head (the last started)
        watch.check();
        watch.check();

        assertThat(lines).hasSize(2);
        assertThat(lines).anyMatch(line -> line.contains("on call A"));
        assertThat(lines).anyMatch(line -> line.contains("on call B"));

        watch.finished(a);   // its tail
        Call e = new Call();
        watch.started(e, "call E");
        watch.check();
        assertThat(lines).hasSize(3).last().asString().contains("on call E").contains("thread " + Thread.currentThread().getName());
        watch.finished(b);
        watch.finished(e);
        watch.check();
        assertThat(lines).hasSize(3);
    }

    @Test
    void interruptRunningInterruptsTheCallsStillRunningAndNoOthers() throws Exception {
        timer.shutdownNow();
        CountDownLatch started = new CountDownLatch(3);
        CountDownLatch finishSecond = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        List<String> interrupted = new CopyOnWriteArrayList<>();
        Thread[] threads = new Thread[3];
        for (int i = 0; i < 3; i++) {
            int n = i;
            threads[i] = Thread.ofPlatform().name("call-" + n).start(() -> {
                Call call = new Call();
                watch.started(call, "call " + n);
                started.countDown();
                try {
                    (n == 1 ? finishSecond : never).await();
                } catch (InterruptedException e) {
                    interrupted.add("call " + n);
                } finally {
                    watch.finished(call);
                }
            });
        }
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        finishSecond.countDown();
        threads[1].join();

        watch.interruptRunning();
        threads[0].join();
        threads[2].join();

        assertThat(interrupted).containsExactlyInAnyOrder("call 0", "call 2");
    }
}
