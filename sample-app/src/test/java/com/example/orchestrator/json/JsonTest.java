package com.example.orchestrator.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void readsNestedValues() throws Exception {
        Map<String, Object> m = Json.parseObject(
                "{\"a\": [1, 2.5, -3e2], \"b\": {\"c\": null, \"d\": true}, \"e\": \"x\\\"\\n\\u00e9\"}");
        assertThat(m.get("a")).isEqualTo(List.of(1L, 2.5, -300.0));
        assertThat(m.get("b")).isEqualTo(new LinkedHashMap<>(Map.of("d", true)) {{ put("c", null); }});
        assertThat(m.get("e")).isEqualTo("x\"\né");
    }

    @Test
    void writesWhatItReads() throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("s", "tab\there \"quoted\" \u0001");
        m.put("n", 3);
        m.put("d", 0.25);
        m.put("v", new double[] {1, 2.5});
        m.put("l", List.of(true, "x"));
        m.put("z", null);
        String text = Json.write(m);
        assertThat(text).isEqualTo("{\"s\":\"tab\\there \\\"quoted\\\" \\u0001\",\"n\":3,\"d\":0.25,\"v\":[1,2.5],\"l\":[true,\"x\"],\"z\":null}");
        assertThat(Json.parseObject(text).get("s")).isEqualTo(m.get("s"));
    }

    @Test
    void rejectsMalformedTextWithItsOffset() {
        assertThatThrownBy(() -> Json.parse("{\"a\": }")).isInstanceOf(JsonException.class).hasMessageContaining("offset 6");
        assertThatThrownBy(() -> Json.parse("[1] x")).hasMessageContaining("after the value");
        assertThatThrownBy(() -> Json.parse("")).hasMessageContaining("end of input");
        assertThatThrownBy(() -> Json.parseObject("[]")).hasMessageContaining("expected a JSON object");
    }
}
