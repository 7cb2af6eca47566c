package com.ctec.consumer.internal;

import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stops every running consumer of the process gracefully on SIGTERM and SIGINT (seed: "registered
 * signals 2 and 15"), so that {@code run()} returns and the process exits 0, not 143.
 *
 * <p>It takes the signals over only while a consumer runs and gives the previous handlers back
 * when the last one stops. When nothing waits for the consumers (no blocking {@code run()}, no
 * thread in {@code close()}: an application embeds them with {@code start()} beside threads of
 * its own), nobody would end the program after the stop: once the consumers have drained, the
 * signal is passed on to the previous handler, so the JVM's own handling goes on (shutdown hooks
 * run, exit 143) instead of the signal being swallowed. Where {@code sun.misc.Signal} is
 * unavailable it falls back to a shutdown hook that
 * drains before the JVM exits.
 */
@SuppressWarnings("restriction")
final class SignalStopper {
    private static final Set<ConsumerEngine> RUNNING = ConcurrentHashMap.newKeySet();
    private static final Map<String, SignalHandler> PREVIOUS = new HashMap<>();
    private static boolean hookInstalled;

    private SignalStopper() {
    }

    static synchronized void register(ConsumerEngine engine) {
        RUNNING.add(engine);
        if (PREVIOUS.isEmpty() && !hookInstalled) {
            install();
        }
    }

    static synchronized void unregister(ConsumerEngine engine) {
        RUNNING.remove(engine);
        if (RUNNING.isEmpty() && !PREVIOUS.isEmpty()) {
            PREVIOUS.forEach((name, handler) -> Signal.handle(new Signal(name), handler));
            PREVIOUS.clear();
        }
    }

    private static void install() {
        try {
            for (String name : new String[] {"TERM", "INT"}) {
                PREVIOUS.put(name, Signal.handle(new Signal(name), SignalStopper::stopAll));
            }
        } catch (Throwable unavailable) {
            // No signal API (or the signal is reserved): drain from a shutdown hook instead.
            hookInstalled = true;
            Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("ctec-consumer-shutdown").unstarted(() -> {
                for (ConsumerEngine engine : Set.copyOf(RUNNING)) {
                    engine.stop();
                    engine.awaitStopped();
                }
            }));
        }
    }

    /** Runs on the JVM's signal thread, which may block: it is started anew for each signal. */
    private static void stopAll(Signal signal) {
        SignalHandler previous;
        synchronized (SignalStopper.class) {
            previous = PREVIOUS.get(signal.getName());
        }
        Set<ConsumerEngine> engines = Set.copyOf(RUNNING);
        engines.forEach(engine -> engine.stopOnSignal("SIG" + signal.getName()));
        if (engines.stream().anyMatch(ConsumerEngine::awaited)) {
            return;   // run() or close() returns, and the code after it decides how the program ends
        }
        engines.forEach(ConsumerEngine::awaitStopped);
        passOn(signal, previous);
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
}
