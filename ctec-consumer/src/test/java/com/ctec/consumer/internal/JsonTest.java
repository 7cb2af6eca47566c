package com.ctec.consumer.internal;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonTest {
    @Test
    void wholeNumbersAreLongsAndOthersDoubles() {
        Object parsed = Json.parse("{\"at\":1764000000000,\"cpu\":12.5,\"n\":-3,\"e\":1e3}");
        assertThat(parsed).isEqualTo(Map.of("at", 1764000000000L, "cpu", 12.5, "n", -3L, "e", 1000.0));
    }

    @Test
    void writesWhatItReads() {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("name", "q \"1\"\n");
        document.put("points", List.of(List.of(1L, 2.5), List.of()));
        document.put("ok", true);
        document.put("none", null);
        assertThat(Json.parse(Json.write(document))).isEqualTo(document);
    }

    @Test
    void markupIsEscapedSoJsonCanBeEmbeddedInAPage() {
        assertThat(Json.write("<script>&</script>")).doesNotContain("<", ">", "&");
        assertThat(Json.parse(Json.write("<script>&</script>"))).isEqualTo("<script>&</script>");
    }

    @Test
    void brokenDocumentsAreRefused() {
        assertThatThrownBy(() -> Json.parse("{\"a\":")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Json.parse("[1,2] x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aTruncatedEscapeIsABadDocumentNotAnIndexError() {
        for (String broken : List.of("\"abc\\", "\"\\u12", "\"\\u12\"", "\"\\uZZZZ\"", "{\"a\":\"\\")) {
            assertThatThrownBy(() -> Json.parse(broken)).as(broken)
                    .isExactlyInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("bad JSON at ");
        }
    }

    @Test
    void deepNestingIsRefusedWithAClearErrorInsteadOfOverflowingTheStack() {
        String deep = "[".repeat(200_000);
        assertThatThrownBy(() -> Json.parse(deep)).isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nested deeper than " + Json.MAX_DEPTH + " levels");
        String objects = "{\"a\":".repeat(200_000);
        assertThatThrownBy(() -> Json.parse(objects)).isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nested deeper than");
    }

    @Test
    void nestingUpToTheLimitStillParses() {
        String deepest = "[".repeat(Json.MAX_DEPTH) + "]".repeat(Json.MAX_DEPTH);
        assertThat(Json.parse(deepest)).isInstanceOf(List.class);
        // Closing brackets bring the depth back: many shallow arrays in a row are fine.
        assertThat((List<?>) Json.parse("[" + "[[]],".repeat(1000) + "[]]")).hasSize(1001);
    }

    @Test
    void numbersOutOfRangeAreBadDocuments() {
        for (String broken : List.of("1e999", "99999999999999999999", "--1", "1e", "-")) {
            assertThatThrownBy(() -> Json.parse(broken)).as(broken)
                    .isExactlyInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("bad JSON at ");
        }
    }
}
