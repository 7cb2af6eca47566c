package com.ctec.consumer.internal.process;

import org.slf4j.Logger;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One of the supervisor's child slots (index 1..n): it starts the child JVM, notices when it
 * exits, and starts it again after the {@link ChildRestartBackoff}, until the supervisor stops it.
 *
 * <p>Threads: every method runs on the supervisor's thread, which owns all the state here. The
 * process's exit only wakes that thread (through {@code wake}); it changes nothing by itself.
 */
final class ChildProcess {
    /** Never: no restart is due. */
    static final long IDLE = Long.MAX_VALUE;
    private static final long OUTPUT_DRAIN_MILLIS = 2_000;
    private static final Map<Integer, String> SIGNALS = Map.of(1, "SIGHUP", 2, "SIGINT", 6, "SIGABRT", 9, "SIGKILL",
            11, "SIGSEGV", 15, "SIGTERM");

    private final int index;
    private final ChildCommand command;
    private final Logger log;
    private final Runnable wake;
    private final ChildRestartBackoff backoff = ChildRestartBackoff.standard();
    private Process process;
    private ChildArgumentFile arguments;
    private List<ChildOutputPump> pumps = List.of();
    private long startedAt;
    private long restartAt = IDLE;
    private int starts;

    ChildProcess(int index, ChildCommand command, Logger log, Runnable wake) {
        this.index = index;
        this.command = command;
        this.log = log;
        this.wake = wake;
    }

    /** Starts the child JVM; a failure to start counts as an exit right after the start. */
    void start() {
        startedAt = System.nanoTime();
        starts++;
        try {
            // The program's arguments (a URL with its password, say) go in an owner-only file, not on the command line.
            arguments = ChildArgumentFile.write(command.command());
            ProcessBuilder builder = new ProcessBuilder(arguments.command());
            builder.environment().put(Supervisor.CHILD_ENV, Integer.toString(index));
            builder.environment().put(Supervisor.SUPERVISOR_PID_ENV, Long.toString(ProcessHandle.current().pid()));
            arguments.file().ifPresent(f -> builder.environment().put(ChildArgumentFile.ENV, f.toString()));
            process = builder.start();
        } catch (IOException e) {
            deleteArguments();
            scheduleRestart(-1, "could not be started (" + e.getMessage() + ")", startedAt);
            return;
        }
        closeQuietly(process);
        pumps = List.of(ChildOutputPump.start(index, "out", process.getInputStream(), System.out),
                ChildOutputPump.start(index, "err", process.getErrorStream(), System.err));
        process.onExit().thenRun(wake);
        if (starts == 1) {
            log.info("Started child {} (pid {}).", index, process.pid());
        } else {
            log.info("Restarted child {} (pid {}); restart {}.", index, process.pid(), starts - 1);
        }
    }

    /**
     * Notices an unexpected exit (and schedules the restart) and starts a restart that is due;
     * returns the {@code System.nanoTime()} at which this slot next needs attention, or {@link #IDLE}.
     */
    long tend(long now) {
        if (process != null && !process.isAlive()) {
            int code = process.exitValue();
            long pid = process.pid();
            finishOutput();
            process = null;
            deleteArguments();
            // Exit code 0 without a stop request: someone stopped this child directly (kill -15 <child pid>).
            scheduleRestart(pid, (code == 0 ? "stopped on its own with " : "exited unexpectedly with ") + describeExit(code), now);
        }
        if (restartAt != IDLE && now - restartAt >= 0) {
            restartAt = IDLE;
            start();
        }
        return restartAt;
    }

    /** Cancels a pending restart and asks a running child to stop gracefully (SIGTERM on Linux). */
    void requestStop() {
        restartAt = IDLE;
        if (process != null) {
            // Through the handle: Process.destroy() would also close our ends of the child's pipes and lose its last lines.
            process.toHandle().destroy();
        }
    }

    /** Waits for the child to stop until {@code deadline} (nanoTime), then kills it. */
    void awaitStop(long deadline, Duration grace) {
        if (process == null) {
            return;
        }
        long pid = process.pid();
        if (!waitFor(deadline - System.nanoTime())) {
            log.warn("Child {} (pid {}) did not stop within {} s of the stop request: killing it; "
                    + "its unacknowledged messages return to the queue.", index, pid, grace.toSeconds());
            process.toHandle().destroyForcibly();
            waitFor(TimeUnit.SECONDS.toNanos(10));
        }
        finishOutput();
        if (process.isAlive()) {
            log.error("Child {} (pid {}) is still alive after it was killed: check it with 'ps -p {}'.", index, pid, pid);
        } else {
            log.info("Child {} (pid {}) stopped with {}.", index, pid, describeExit(process.exitValue()));
        }
        process = null;
        deleteArguments();
    }

    int restarts() {
        return Math.max(0, starts - 1);
    }

    /** {@code exit code 137 (SIGKILL)}: Java reports a death by signal N as 128 + N. */
    static String describeExit(int code) {
        String signal = code > 128 ? SIGNALS.get(code - 128) : null;
        return "exit code " + code + (signal == null ? "" : " (" + signal + ")");
    }

    private void scheduleRestart(long pid, String what, long now) {
        Duration delay = backoff.afterExit(Duration.ofNanos(now - startedAt));
        restartAt = now + delay.toNanos();
        String who = pid < 0 ? "Child " + index : "Child " + index + " (pid " + pid + ")";
        String ran = describeUptime(now - startedAt);
        if (backoff.slowingDown()) {
            log.warn("{} {} {} after its start, {} times in a row within {} s of starting: slowing down, next start in {} s.",
                    who, what, ran, backoff.quickExits(), backoff.stableAfter().toSeconds(), delay.toSeconds());
        } else {
            log.warn("{} {} after {}: starting it again in {} s; its unacknowledged messages return to the queue.",
                    who, what, ran, delay.toSeconds());
        }
    }

    private static String describeUptime(long nanos) {
        long millis = TimeUnit.NANOSECONDS.toMillis(nanos);
        return millis < 10_000 ? millis + " ms" : millis / 1000 + " s";
    }

    private boolean waitFor(long nanos) {
        try {
            return process.waitFor(Math.max(0, nanos), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    /** The last lines a child printed come before the supervisor's line about its exit. */
    private void finishOutput() {
        pumps.forEach(p -> p.awaitEnd(OUTPUT_DRAIN_MILLIS));
        pumps = List.of();
    }

    /** The child's JVM read its argument file when it started; once it has exited the file goes. */
    private void deleteArguments() {
        if (arguments != null) {
            arguments.close();
            arguments = null;
        }
    }

    /** A child gets no input: reading stdin sees its end at once instead of blocking. */
    private static void closeQuietly(Process process) {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // Already closed by a child that exited at once.
        }
    }
}
