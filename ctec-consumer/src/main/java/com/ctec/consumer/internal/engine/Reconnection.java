package com.ctec.consumer.internal.engine;

import com.ctec.consumer.ConsumerException;
import com.ctec.consumer.internal.Settings;
import com.ctec.consumer.internal.connect.BrokerErrors;
import org.slf4j.Logger;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Recover: subscribes again with backoff until it works or a stop is asked. Every error of an
 * attempt is retried, {@code AlreadyClosedException} included (a connection that dies between
 * {@code createChannel}, {@code basic.qos} and {@code basic.consume} throws it); each different
 * error is logged once.
 */
final class Reconnection {
    /** The first pause between attempts. */
    static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    /**
     * The longest pause between attempts: short, so that consumption resumes within a few seconds
     * of the broker coming back; an attempt costs the broker little.
     */
    static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private final Settings settings;
    private final Logger log;
    private final Subscriber subscriber;

    Reconnection(Settings settings, Subscriber subscriber) {
        this.settings = settings;
        this.log = settings.logger();
        this.subscriber = subscriber;
    }

    /** The new session, or null when {@code stopRequested} completed first. */
    ChannelSession reconnect(CompletableFuture<String> stopRequested) {
        Duration wait = FIRST_BACKOFF;
        String lastError = "";
        while (!stopRequested.isDone()) {
            try {
                return subscriber.subscribe();
            } catch (IOException | TimeoutException | RuntimeException e) {
                String error = e instanceof ConsumerException ? e.getMessage() : BrokerErrors.describe(e);
                if (!error.equals(lastError)) {
                    log.warn("Still recovering queue '{}': {} Retrying with backoff (up to {} s).", settings.queue(),
                            error, MAX_BACKOFF.toSeconds());
                    lastError = error;
                } else {
                    log.debug("Still recovering queue '{}': {}", settings.queue(), error);
                }
            }
            if (!pause(stopRequested, wait)) {
                return null;
            }
            wait = next(wait);
        }
        return null;
    }

    /** The pause after {@code wait}: doubled, at most {@link #MAX_BACKOFF}. */
    static Duration next(Duration wait) {
        Duration doubled = wait.multipliedBy(2);
        return doubled.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : doubled;
    }

    /** Waits {@code wait} unless a stop comes first; false when it did. */
    private static boolean pause(CompletableFuture<String> stopRequested, Duration wait) {
        try {
            stopRequested.get(wait.toMillis(), TimeUnit.MILLISECONDS);
            return false;
        } catch (TimeoutException e) {
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            return false;
        }
    }
}
