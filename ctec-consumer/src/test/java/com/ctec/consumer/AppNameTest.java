package com.ctec.consumer;

import com.ctec.consumer.internal.AppNames;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** An app name becomes a ZooKeeper path segment: the builder refuses the ones that cannot be one. */
class AppNameTest {
    private static final String URL = "amqp://guest:guest@127.0.0.1:5672/";

    @Test
    void namesThatAreNoPathSegmentAreRefusedWithOneSentence() {
        for (String bad : List.of("..", ".", "/", "a/b", "", "   ", "bell\u0007", "esc\u001b[2J", "line\nbreak", "x".repeat(201))) {
            assertThatThrownBy(() -> Consumer.builder(URL, "q").appName(bad)).as(bad)
                    .isInstanceOf(ConsumerException.class)
                    .hasMessageStartingWith("appName '")
                    .hasMessageContaining("use a plain name such as 'orders'")
                    .hasMessageNotContaining("\u001b").hasMessageNotContaining("\n");
        }
    }

    @Test
    void ordinaryNamesAndNoNameAreAccepted() {
        for (String good : List.of("orders", "journal.loginsync-save", "订单", "app name with spaces", "..a")) {
            Consumer.builder(URL, "q").appName(good);
        }
        Consumer.builder(URL, "q").appName(null);
    }

    @Test
    void aQueueStandingInForTheNameBecomesASegmentZooKeeperAccepts() {
        assertThat(AppNames.segment("..")).isEqualTo("_..");
        assertThat(AppNames.segment(".")).isEqualTo("_.");
        assertThat(AppNames.segment("a/b\u0001c")).isEqualTo("a_b_c");
        assertThat(AppNames.segment("q.orders")).isEqualTo("q.orders");
        for (String name : List.of("..", ".", "a/b\u0001c", "\ud83d\ude00", "\ufff5")) {
            assertThat(AppNames.problem(AppNames.segment(name))).as(name).isNull();
        }
    }
}
