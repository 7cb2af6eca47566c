package com.ctec.consumer.internal;

import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/**
 * SIGTERM and SIGINT, taken over while something runs that must stop gracefully before the
 * process ends (consumers, a supervisor, the CLI's consumer group); {@link #close()} gives the
 * previous handlers back. The project's one place that handles signals.
 *
 * <p>Where a signal cannot be handled ({@code -Xrs}, no {@code sun.misc.Signal}), a shutdown hook
 * reports a "JVM shutdown" instead and holds the JVM's exit until this is closed. A signal the
 * process ignores (a background job of a non-interactive shell ignores SIGINT) stays ignored: the
 * JVM does not let it be handled. Public, deliberately: the CLI takes the signals through it too.
 */
@SuppressWarnings("restriction")
public final class StopSignals implements AutoCloseable {
    /**
     * A stop request: {@code what} is "SIGTERM", "SIGINT" or "JVM shutdown"; {@link #passOn()}
     * runs {@code previousHandler}: it hands the signal to the handler it had before (the JVM's own: exit 128 + its number), for a
     * program in which nobody else would end the process after the stop.
     */
    public record Received(String what, Runnable previousHandler) {
        public void passOn() {
            previousHandler.run();
        }
    }

    private final Map<Signal, SignalHandler> previous = new HashMap<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private Thread hook;

    private StopSignals() {
    }

    /** Sends each SIGTERM and SIGINT (or the JVM's shutdown) to {@code onStop} until closed; runs it on a thread that may block. */
    public static StopSignals take(Consumer<Received> onStop) {
        StopSignals signals = new StopSignals();
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                Signal signal = new Signal(name);
                SignalHandler[] before = new SignalHandler[1];
                before[0] = Signal.handle(signal, s -> onStop.accept(new Received("SIG" + s.getName(), () -> passOn(s, before[0]))));
                signals.previous.put(signal, before[0]);
            } catch (Throwable unavailable) {
                signals.installHook(onStop);
            }
        }
        return signals;
    }

    @Override
    public synchronized void close() {
        previous.forEach(Signal::handle);
        previous.clear();
        closed.countDown();
        if (hook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running: it returns now that what it waited for has stopped.
            }
            hook = null;
        }
    }

    private static void passOn(Signal signal, SignalHandler previous) {
        if (previous == null || previous == SignalHandler.SIG_IGN) {
            return;
        }
        if (previous == SignalHandler.SIG_DFL) {
            Runtime.getRuntime().exit(128 + signal.getNumber());
            return;
        }
        previous.handle(signal);
    }

    private synchronized void installHook(Consumer<Received> onStop) {
        if (hook != null) {
            return;
        }
        hook = Thread.ofPlatform().name("ctec-consumer-shutdown").unstarted(() -> {
            onStop.accept(new Received("JVM shutdown", () -> { }));
            try {
                closed.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Runtime.getRuntime().addShutdownHook(hook);
    }
}
