package com.ctec.consumer.internal.engine;

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

    @Test
    void aDeliveryStuckForLongKeepsTheBookkeepingSmallAndEachAckIsSentOnce() {
        int acked = 0;
        for (long tag = 2; tag <= 200_001; tag++) {
            coalescer.ack(tag);
            if (tag % 100 == 1) {
                coalescer.flush(true);
                acked = sink.frames.size();
                // Everything finished so far is sent: what is remembered is one run of finished tags, nothing per message.
                assertThat(coalescer.trackedEntries()).isEqualTo(1);
            }
        }
        assertThat(acked).isEqualTo(200_000);
        coalescer.ack(1);
        coalescer.flush(true);
        assertThat(sink.frames).last().isEqualTo("ack<=1");
        assertThat(coalescer.trackedEntries()).isZero();
    }

    @Test
    void aRejectOfAFinishedTagIsRefusedBeforeAnyFrameIsSent() {
        coalescer.ack(3);
        assertThatThrownBy(() -> coalescer.reject(3)).isInstanceOf(IllegalStateException.class);
        assertThat(sink.frames).isEmpty();
    }

    /**
     * A model of the broker's view of one channel: outstanding tags, and for each frame the rule
     * the broker applies. Random finishing orders, kinds and flushes, many seeds: every delivery is
     * settled exactly once, and no frame ever covers a delivery whose worker has not finished.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(longs = {1, 2, 3, 42, 1234, 99_999})
    void randomFinishingOrdersNeverAckAnUnfinishedDeliveryAndSettleEachOnce(long seed) {
        java.util.Random random = new java.util.Random(seed);
        int n = 2_000;
        java.util.TreeSet<Long> outstanding = new java.util.TreeSet<>();
        java.util.Set<Long> finished = new java.util.HashSet<>();
        for (long tag = 1; tag <= n; tag++) {
            outstanding.add(tag);
        }
        AckCoalescer.Sink broker = new AckCoalescer.Sink() {
            @Override
            public void ack(long tag, boolean multiple) {
                assertThat(outstanding).as("ack of tag %d (seed %d)", tag, seed).contains(tag);
                java.util.Set<Long> covered = multiple ? new java.util.HashSet<>(outstanding.headSet(tag, true)) : java.util.Set.of(tag);
                assertThat(finished).as("tags covered by ack %d%s (seed %d)", tag, multiple ? " multiple" : "", seed).containsAll(covered);
                outstanding.removeAll(covered);
            }

            @Override
            public void reject(long tag) {
                settleOne(tag);
            }

            @Override
            public void requeue(long tag) {
                settleOne(tag);
            }

            private void settleOne(long tag) {
                assertThat(outstanding).as("settling tag %d (seed %d)", tag, seed).contains(tag);
                assertThat(finished).contains(tag);
                outstanding.remove(tag);
            }
        };
        AckCoalescer model = new AckCoalescer(broker);
        List<Long> order = new ArrayList<>();
        for (long tag = 1; tag <= n; tag++) {
            order.add(tag);
        }
        // Mostly in order, with some deliveries finishing late (slow workers) and local shuffles (several threads).
        for (int i = 0; i < n; i++) {
            int j = Math.min(n - 1, i + random.nextInt(random.nextInt(10) == 0 ? 500 : 8));
            java.util.Collections.swap(order, i, j);
        }
        for (long tag : order) {
            finished.add(tag);
            int kind = random.nextInt(20);
            if (kind == 0) {
                model.reject(tag);
            } else if (kind == 1) {
                model.requeue(tag);
            } else {
                model.ack(tag);
            }
            if (random.nextInt(16) == 0) {
                model.flush(random.nextInt(4) == 0);
            }
        }
        model.flush(true);
        assertThat(outstanding).as("seed %d", seed).isEmpty();
        assertThat(model.trackedEntries()).isZero();
    }
}
