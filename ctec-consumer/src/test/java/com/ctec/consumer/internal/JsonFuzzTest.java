package com.ctec.consumer.internal;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The JSON reader of the registry and the management API, on any bytes: it parses them or refuses
 * them with IllegalArgumentException (no other exception, no stack overflow), and what it parses
 * writes back to a document that reads back the same.
 */
class JsonFuzzTest {
    @FuzzTest(maxDuration = "5s")
    void anyTextParsesOrIsRefusedWithIllegalArgumentException(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        Object parsed;
        try {
            parsed = Json.parse(text);
        } catch (IllegalArgumentException refused) {
            return;
        }
        String written = Json.write(parsed);
        if (!Objects.equals(Json.write(Json.parse(written)), written)) {
            throw new AssertionError("write(parse(write(x))) differs for " + written);
        }
    }
}
