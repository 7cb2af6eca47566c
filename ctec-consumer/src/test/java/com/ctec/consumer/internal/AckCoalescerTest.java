package com.ctec.consumer.internal;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AckCoalescerTest {
    /** Records the frames the coalescer would send, as text. */
    private static final class RecordingSink implements AckCoalescer.Sink {
        final List<String> frames = new ArrayList<>();

        @Override
        public void ack(long tag, boolean multiple) {
            frames.add((multiple ? "ack<=" : "ack ") + tag);
        }

        @Override
        public void reject(long tag) {
            frames.add("reject " + tag);
        }

        @Override
        public void requeue(long tag) {
            frames.add("requeue " + tag);
        }
    }

    private final RecordingSink sink = new RecordingSink();
    private final AckCoalescer coalescer = new AckCoalescer(sink);

    @Test
    void consecutiveAcksBecomeOneMultipleAck() {
        for (long tag = 1; tag <= 50; tag++) {
            coalescer.ack(tag);
        }
        coalescer.flush(false);
        assertThat(sink.frames).containsExactly("ack<=50");
    }

    @Test
    void anUnfinishedDeliveryIsNeverCoveredByAMultipleAck() {
        coalescer.ack(1);
        coalescer.ack(3);
        coalescer.ack(4);
        coalescer.flush(false);
        assertThat(sink.frames).containsExactly("ack<=1");
        coalescer.ack(2);
        coalescer.flush(false);
        assertThat(sink.frames).containsExactly("ack<=1", "ack<=4");
    }

    @Test
    void whenIdleAcksBehindASlowDeliveryGoOneByOne() {
        coalescer.ack(2);
        coalescer.ack(3);
        coalescer.flush(true);
        assertThat(sink.frames).containsExactly("ack 2", "ack 3");
        coalescer.ack(1);
        coalescer.flush(true);
        assertThat(sink.frames).containsExactly("ack 2", "ack 3", "ack<=1");
    }

    @Test
    void rejectsAndRequeuesAreSentAtOnceAndNeverCarryTheMultipleAck() {
        coalescer.ack(1);
        coalescer.reject(2);
        coalescer.requeue(3);
        coalescer.flush(false);
        assertThat(sink.frames).containsExactly("reject 2", "requeue 3", "ack<=1");
        coalescer.ack(4);
        coalescer.flush(false);
        assertThat(sink.frames).last().isEqualTo("ack<=4");
    }

    @Test
    void aMultipleAckNeverNamesATagThatWasSettledOnItsOwn() {
        coalescer.ack(1);
        coalescer.reject(2);
        coalescer.flush(false);
        assertThat(sink.frames).containsExactly("reject 2", "ack<=1");
    }

    @Test
    void settlingATagTwiceIsABug() {
        coalescer.ack(1);
        assertThatThrownBy(() -> coalescer.ack(1)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void inOrderAcksAfterAClosedGapAreStillOneMultipleAck() {
        coalescer.ack(2);
        coalescer.ack(1);
        coalescer.ack(3);
        coalescer.ack(4);
        coalescer.flush(false);
        assertThat(sink.frames).containsExactly("ack<=4");
    }

    @Test
    void aTagSettledTwiceInOrderIsRefused() {
        coalescer.ack(1);
        assertThatThrownBy(() -> coalescer.ack(1)).isInstanceOf(IllegalStateException.class);
    }
}
