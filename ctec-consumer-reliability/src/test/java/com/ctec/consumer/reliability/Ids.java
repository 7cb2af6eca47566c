package com.ctec.consumer.reliability;

import java.nio.charset.StandardCharsets;

/** The bodies of the suite's messages: "m-<id>", so a checker can tell each message from every other. */
final class Ids {
    private Ids() {
    }

    /** A body carrying {@code id}: "m-<id>". */
    static byte[] body(int id) {
        return ("m-" + id).getBytes(StandardCharsets.UTF_8);
    }

    /** The id a body of {@link #body(int)} carries, or -1. */
    static int id(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        return text.startsWith("m-") ? Integer.parseInt(text.substring(2)) : -1;
    }
}
