package com.ctec.consumer.internal.engine;

import com.ctec.consumer.internal.StopSignals;

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
 * run, exit 143) instead of the signal being swallowed. Where signals cannot be handled,
 * {@link StopSignals} falls back to a shutdown hook that drains before the JVM exits.
 */
final class SignalStopper {
    private static final Set<ConsumerEngine> RUNNING = ConcurrentHashMap.newKeySet();
    private static StopSignals taken;

    private SignalStopper() {
    }

    static synchronized void register(ConsumerEngine engine) {
        RUNNING.add(engine);
        if (taken == null) {
            taken = StopSignals.take(SignalStopper::stopAll);
        }
    }

    static synchronized void unregister(ConsumerEngine engine) {
        RUNNING.remove(engine);
        if (RUNNING.isEmpty() && taken != null) {
            taken.close();
            taken = null;
        }
    }

    /** Runs on the JVM's signal thread (or the shutdown hook), which may block. */
    private static void stopAll(StopSignals.Received signal) {
        Set<ConsumerEngine> engines = Set.copyOf(RUNNING);
        engines.forEach(engine -> engine.stopOnSignal(signal.what()));
        if (engines.stream().anyMatch(ConsumerEngine::awaited)) {
            return;   // run() or close() returns, and the code after it decides how the program ends
        }
        engines.forEach(ConsumerEngine::awaitStopped);
        signal.passOn();
    }
}
