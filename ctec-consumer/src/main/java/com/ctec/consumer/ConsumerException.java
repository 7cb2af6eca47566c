package com.ctec.consumer;

/**
 * A mistake a user can make or fix (bad URL, wrong password, missing queue, ...), told in one
 * sentence that names the problem and the fix. Passwords never appear in the message.
 */
public class ConsumerException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with its one-sentence message. */
    public ConsumerException(String message) {
        super(message);
    }

    /** Creates the exception with its one-sentence message and the underlying cause. */
    public ConsumerException(String message, Throwable cause) {
        super(message, cause);
    }
}
