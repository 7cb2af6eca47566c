package com.ctec.bench;

import java.nio.ByteBuffer;

/**
 * The body of every benchmark message: an id (so that losses and duplicates are caught), the
 * {@link System#nanoTime()} at publish (same JVM, so latency needs no clock sync), then padding.
 */
public final class Payload {
    /** Id and timestamp; smaller bodies are padded up to this. */
    public static final int HEADER_BYTES = 16;

    private Payload() {
    }

    public static byte[] of(long id, int size) {
        ByteBuffer body = ByteBuffer.allocate(Math.max(HEADER_BYTES, size));
        body.putLong(id).putLong(System.nanoTime());
        return body.array();
    }

    public static long id(byte[] body) {
        return ByteBuffer.wrap(body).getLong(0);
    }

    public static long stampNanos(byte[] body) {
        return ByteBuffer.wrap(body).getLong(8);
    }
}
