package com.ctec.consumer.internal;

/** A publish the broker did not take: nacked, returned as unroutable, or its channel closed before the confirm. */
public final class PublishFailedException extends Exception {
    private static final long serialVersionUID = 1L;
    private final boolean unroutable;

    PublishFailedException(String message, boolean unroutable) {
        super(message, null, false, false);
        this.unroutable = unroutable;
    }

    /** Whether the broker returned the message because no queue was bound for it. */
    public boolean unroutable() {
        return unroutable;
    }
}
