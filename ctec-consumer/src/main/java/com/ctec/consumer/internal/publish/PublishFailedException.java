package com.ctec.consumer.internal.publish;

/** A publish the broker did not take: nacked, returned as unroutable, or its channel closed before the confirm. */
public final class PublishFailedException extends Exception {
    private static final long serialVersionUID = 1L;
    private final boolean unroutable;
    private final boolean outcomeUnknown;

    public PublishFailedException(String message, boolean unroutable) {
        this(message, unroutable, false);
    }

    private PublishFailedException(String message, boolean unroutable, boolean outcomeUnknown) {
        super(message, null, false, false);
        this.unroutable = unroutable;
        this.outcomeUnknown = outcomeUnknown;
    }

    /** Its channel closed before the confirm: the broker may or may not hold the message. */
    static PublishFailedException outcomeUnknown(String message) {
        return new PublishFailedException(message, false, true);
    }

    /** Whether the broker returned the message because no queue was bound for it. */
    public boolean unroutable() {
        return unroutable;
    }

    /** Whether the broker may hold the message after all (its channel closed before the confirm came). */
    public boolean outcomeUnknown() {
        return outcomeUnknown;
    }
}
