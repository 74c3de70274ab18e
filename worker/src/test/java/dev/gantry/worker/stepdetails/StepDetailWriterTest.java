package dev.gantry.worker.stepdetails;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.gantry.model.AssertionFailure;
import dev.gantry.model.ConformanceVerdict;
import dev.gantry.model.StepDetail;
import dev.gantry.model.StepStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class StepDetailWriterTest {
    static final JsonMapper PLAIN = JsonMapper.builder().build();
    static final JsonMapper DATABIND_WITHOUT_NULLS = PLAIN.rebuild()
            .changeDefaultPropertyInclusion(i -> i.withValueInclusion(JsonInclude.Include.NON_NULL))
            .build();
    static final JsonMapper DETAILS = RedissonStepDetailStore.detailsMapper(PLAIN);

    static StepDetail whole() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("X-Quote", "a \"quoted\" ünïcode \u2028 value");
        return new StepDetail(
                        StepDetail.SCHEMA_VERSION,
                        UUID.randomUUID(),
                        123_456_789_012L,
                        41,
                        2,
                        3,
                        UUID.randomUUID(),
                        "read item",
                        StepStatus.FAILED,
                        "POST",
                        "http://api.test/items?q=1",
                        headers,
                        "{\"name\":\"a\"}",
                        422,
                        Map.of("content-length", "12"),
                        "{\"error\":\"no\"}",
                        1_765_000_000_000L,
                        1_234,
                        List.of(
                                new AssertionFailure("status", "201", "422"),
                                new AssertionFailure("$.id", "exists", null)),
                        "an error",
                        new ConformanceVerdict("POST /items", "422", true, false, List.of("$.error: not a number")),
                        12L,
                        null)
                .withStatus(StepStatus.FAILED);
    }

    @Test
    void writesWhatDatabindWritesWithoutNulls() throws Exception {
        for (StepDetail detail : List.of(whole(), whole().abridge(), skipped())) {
            String ours = new String(DETAILS.writeValueAsBytes(detail), java.nio.charset.StandardCharsets.UTF_8);

            assertThat(PLAIN.readTree(ours))
                    .isEqualTo(PLAIN.readTree(DATABIND_WITHOUT_NULLS.writeValueAsString(detail)));
            assertThat(PLAIN.readValue(ours, StepDetail.class)).isEqualTo(detail);
        }
    }

    @Test
    void leavesNullsOutAndKeepsEmptyCollections() throws Exception {
        String json = DETAILS.writeValueAsString(skipped());

        assertThat(json)
                .doesNotContain("null")
                .doesNotContain("responseStatus")
                .doesNotContain("abridged")
                .contains("\"failures\":[]")
                .contains("\"requestHeaders\":{}");
    }

    static StepDetail skipped() {
        return new StepDetail(
                StepDetail.SCHEMA_VERSION,
                UUID.randomUUID(),
                7,
                0,
                1,
                1,
                UUID.randomUUID(),
                "health",
                StepStatus.SKIPPED,
                "GET",
                null,
                null,
                null,
                null,
                null,
                null,
                5_000,
                0,
                List.of(),
                "skipped because step 0 failed");
    }
}
