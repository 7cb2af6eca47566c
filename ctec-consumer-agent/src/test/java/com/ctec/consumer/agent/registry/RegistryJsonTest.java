package com.ctec.consumer.agent.registry;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RegistryJsonTest {
    @Test
    void aValueThatIsNoNumberIsWrittenAsNullAndItsPointIsSkippedOnReading() {
        HistorySeries hour = new HistorySeries(List.of(new RegistryEntry.Point(1000, Double.NaN),
                new RegistryEntry.Point(2000, 1.5)), List.of(), List.of(), List.of(), List.of(), List.of());

        assertThat(hour.toJson()).startsWith("{\"cpu\":[[1000,null],[2000,1.5]],\"memory\":[]");
        assertThat(HistorySeries.parse(hour.toJson()).cpu()).containsExactly(new RegistryEntry.Point(2000, 1.5));
    }

    @Test
    void writtenTextCannotOpenATagOrEndAScriptLine() {
        assertThat(RegistryJson.write(Map.of("a", "<script>&\u2028"))).isEqualTo("{\"a\":\"\\u003cscript\\u003e\\u0026\\u2028\"}");
    }

    @Test
    void aPointThatIsNotTwoNumbersIsAWrongType() {
        assertThatThrownBy(() -> HistorySeries.parse("{\"cpu\":[[1000,\"x\"]]}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a point must be [minute start, value]");
        assertThatThrownBy(() -> HistorySeries.parse("{\"cpu\":[[1000,1,2]]}")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void badTextIsRefusedWithWhereAndWhat() {
        assertThatThrownBy(() -> RegistryJson.read("[".repeat(200_000))).hasMessage("bad JSON at 128: nested deeper than 128 levels");
        assertThatThrownBy(() -> RegistryJson.read("{\"appName\":\"a\\")).hasMessageStartingWith("bad JSON at 14: ");
    }
}
