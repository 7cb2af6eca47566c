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
 * when the last one stops. Where {@code sun.misc.Signal} is unavailable it falls back to a
 * shutdown hook that drains before the JVM exits.
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
                PREVIOUS.put(name, Signal.handle(new Signal(name), signal -> stopAll("SIG" + signal.getName())));
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

    private static void stopAll(String signal) {
        for (ConsumerEngine engine : Set.copyOf(RUNNING)) {
            engine.stopOnSignal(signal);
        }
    }
}
