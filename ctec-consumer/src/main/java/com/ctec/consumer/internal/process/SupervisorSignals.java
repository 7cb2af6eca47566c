package com.ctec.consumer.internal.process;

import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/**
 * Turns SIGTERM and SIGINT into a stop request for the supervisor while it runs, so that it can
 * stop its children gracefully and return normally (exit 0) instead of the JVM's default exit 143;
 * {@link #close()} gives the previous handlers back.
 *
 * <p>Where a signal cannot be handled ({@code -Xrs}, no {@code sun.misc.Signal}), a shutdown
 * hook asks for the stop instead and holds the JVM's exit until the supervisor has closed this.
 * A signal the process ignores (a background job of a non-interactive shell ignores SIGINT)
 * stays ignored: the JVM does not let it be handled.
 */
@SuppressWarnings("restriction")
final class SupervisorSignals implements AutoCloseable {
    private final Map<Signal, SignalHandler> previous = new HashMap<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private Thread hook;

    private SupervisorSignals() {
    }

    /** Sends {@code "SIGTERM received"} (or SIGINT, or a JVM shutdown) to {@code onStop} until closed. */
    static SupervisorSignals install(Consumer<String> onStop) {
        SupervisorSignals signals = new SupervisorSignals();
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                Signal signal = new Signal(name);
                signals.previous.put(signal, Signal.handle(signal, s -> onStop.accept("SIG" + s.getName() + " received")));
            } catch (Throwable unavailable) {
                signals.installHook(onStop);
            }
        }
        return signals;
    }

    @Override
    public void close() {
        previous.forEach(Signal::handle);
        previous.clear();
        closed.countDown();
        if (hook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running: it returns now that the children have stopped.
            }
        }
    }

    private void installHook(Consumer<String> onStop) {
        if (hook != null) {
            return;
        }
        hook = Thread.ofPlatform().name("ctec-supervisor-shutdown").unstarted(() -> {
            onStop.accept("JVM shutdown");
            try {
                closed.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Runtime.getRuntime().addShutdownHook(hook);
    }
}
