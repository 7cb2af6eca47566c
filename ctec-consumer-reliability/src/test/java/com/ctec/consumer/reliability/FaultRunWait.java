package com.ctec.consumer.reliability;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.fail;

/** Polls a condition; if it does not hold in time, fails with the evidence (thread dumps, logs) the supplier gives. */
final class FaultRunWait {
    private FaultRunWait() {
    }

    static void until(BooleanSupplier condition, Duration timeout, Supplier<String> evidence) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("not reached within %d s; evidence:%n%s", timeout.toSeconds(), evidence.get());
            }
            Fault.sleep(200);
        }
    }
}
