package com.ctec.consumer.internal.process;

import com.ctec.consumer.BatchWorker;
import com.ctec.consumer.Worker;
import org.slf4j.Logger;
import org.slf4j.MDC;

import java.util.Optional;

/**
 * What a child JVM of the PROCESSES mode does beside consuming: it tags its log lines with its
 * index (MDC key {@code ctec.child}), deletes the argument file it was started from, and stops
 * gracefully when its supervisor is gone, so that
 * a supervisor killed with {@code kill -9} leaves no orphans consuming. Outside a child it does nothing.
 */
public final class ChildRuntime {
    /** The MDC key the logging module prints as {@code [child N]}. */
    public static final String MDC_KEY = "ctec.child";
    /** How often a child looks whether its supervisor is still there. */
    private static final long SUPERVISOR_POLL_MILLIS = 250;

    private ChildRuntime() {
    }

    /** The child's index 1..n, or empty in a JVM that is not a child. */
    public static Optional<String> index() {
        return Optional.ofNullable(System.getenv(Supervisor.CHILD_ENV));
    }

    /** In a child: tags the calling thread's log lines and calls {@code stop} once the supervisor has exited. */
    public static void enter(Logger log, Runnable stop) {
        if (index().isEmpty()) {
            return;
        }
        tagThread();
        ChildArgumentFile.deleteOwn();
        String passed = System.getenv(Supervisor.SUPERVISOR_PID_ENV);
        // The parent of an orphan is init, which never exits: the pid the supervisor passed is the one to watch.
        long pid = passed == null ? ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L) : Long.parseLong(passed);
        Optional<ProcessHandle> supervisor = ProcessHandle.of(pid);
        Thread.ofPlatform().daemon(true).name("ctec-supervisor-watch").start(() -> {
            // Polled, not onExit(): the JDK polls a process that is not its child ever more slowly
            // (every 5 s after some minutes), and an orphan should stop within a second. isAlive()
            // compares the start time too, so a reused pid does not pass for the supervisor.
            while (supervisor.map(ProcessHandle::isAlive).orElse(false)) {
                try {
                    Thread.sleep(SUPERVISOR_POLL_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
            log.warn("The supervisor (pid {}) has exited: child {} stops gracefully.", pid, index().orElse("?"));
            stop.run();
        });
    }

    /** In a child: the worker, tagging the log lines of the thread it runs on; elsewhere the worker itself. */
    public static Worker tagged(Worker worker) {
        if (worker == null || index().isEmpty()) {
            return worker;
        }
        return message -> {
            tagThread();
            return worker.handle(message);
        };
    }

    /** In a child: the batch worker, tagging the log lines of the thread it runs on; elsewhere the worker itself. */
    public static BatchWorker tagged(BatchWorker worker) {
        if (worker == null || index().isEmpty()) {
            return worker;
        }
        return messages -> {
            tagThread();
            return worker.handle(messages);
        };
    }

    /** The MDC is per thread and not inherited, so each thread that logs for the child sets it itself. */
    private static void tagThread() {
        index().ifPresent(i -> MDC.put(MDC_KEY, i));
    }
}
