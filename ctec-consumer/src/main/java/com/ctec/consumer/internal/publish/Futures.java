package com.ctec.consumer.internal.publish;

import java.util.concurrent.CompletionException;

/** Small helpers for the futures outcomes are made of. */
public final class Futures {
    private Futures() {
    }

    /** The failure itself, without the CompletionException wrappers a chain of futures adds. */
    public static Throwable unwrap(Throwable error) {
        Throwable t = error;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** Whether the failure is the broker returning an unroutable publish. */
    public static boolean unroutable(Throwable error) {
        return unwrap(error) instanceof PublishFailedException failed && failed.unroutable();
    }
}
