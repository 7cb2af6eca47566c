package com.ctec.bench;

import java.time.Duration;

/**
 * One contender in one setting of a scenario: how many messages, how big, how long the worker
 * blocks, whether it forwards. The unit that rounds alternate over.
 */
public record Trial(String label, Contender contender, int messages, int bodySize, Duration workerBlocks, boolean forwards) {

    /** A trivial worker on 100-byte messages; contenders slow by design get their smaller share. */
    public static Trial of(Contender contender, int messages) {
        return new Trial(contender.name(), contender, multiple(contender, Math.max(100, messages / contender.shareDivisor())), 100,
                Duration.ZERO, false);
    }

    public Trial label(String other) {
        return new Trial(other, contender, messages, bodySize, workerBlocks, forwards);
    }

    public Trial blocking(Duration blocks) {
        return new Trial(label, contender, messages, bodySize, blocks, forwards);
    }

    public Trial forwarding() {
        return new Trial(label, contender, messages, bodySize, workerBlocks, true);
    }

    public Trial bodySize(int bytes, int messagesAtThatSize) {
        return new Trial(label, contender, messagesAtThatSize, bytes, workerBlocks, forwards);
    }

    /** The same trial with fewer messages, to warm the JIT up before the rounds that count. */
    public Trial warmUp() {
        return new Trial(label, contender, multiple(contender, Math.max(100, Math.min(messages / 10, 10_000))), bodySize, workerBlocks,
                forwards);
    }

    private static int multiple(Contender contender, int messages) {
        return messages - messages % contender.messageMultiple();
    }
}
