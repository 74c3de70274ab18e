package dev.gantry.worker.execution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.model.AssertionFailure;
import dev.gantry.model.CaseDefinition;
import dev.gantry.model.HttpMethod;
import dev.gantry.model.RequestTemplate;
import dev.gantry.model.RowRange;
import dev.gantry.model.StepDetail;
import dev.gantry.model.StepDetailLevel;
import dev.gantry.model.StepStatus;
import dev.gantry.model.WorkItem;
import dev.gantry.model.WorkItemLayout;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A step's detail: what it shows of the request and the answer, with the run's secrets redacted. */
class StepAttemptTest {
    static final String SECRET = "s3cret-value";
    static final CompiledCase CASE = CompiledCase.compile(
            new CaseDefinition(
                    UUID.randomUUID(),
                    "create thing",
                    new RequestTemplate(HttpMethod.POST, "/things", null, null, null, null, 0),
                    null,
                    null,
                    null),
            Map.of());
    static final CompiledRun RUN = new CompiledRun(
            UUID.randomUUID(),
            "e",
            List.of(List.of(CASE)),
            "http://api.test",
            Map.of(),
            Map.of(),
            Map.of("key", SECRET),
            null,
            false,
            true,
            0,
            null,
            Duration.ofHours(1),
            new Redaction(List.of(SECRET)),
            null,
            StepDetailLevel.ALL,
            new WorkItemLayout(List.of(new RowRange(0, 10)), false, false));
    static final StepAttempt ATTEMPT = new StepAttempt(RUN, new WorkItem(7, 0, 2), 1, CASE, 3);

    static StepAttempt.Sent sent() {
        StepAttempt.Sent sent = new StepAttempt.Sent(1_000);
        sent.url = "http://api.test/things?key=" + SECRET;
        sent.headers = new LinkedHashMap<>(Map.of("authorization", "Bearer abc", "x-echo", "my " + SECRET));
        sent.body = "{\"key\":\"" + SECRET + "\"}";
        return sent;
    }

    @Test
    void anExecutedAttemptShowsRequestAndAnswerWithoutTheRunsSecrets() {
        HttpTransport.Answer answer = new HttpTransport.Answer(
                401, Map.of("www-authenticate", "Bearer", "x-seen", SECRET), "bad key " + SECRET, 9_999, false);

        StepDetail detail = ATTEMPT.executed(
                StepStatus.FAILED,
                sent(),
                answer,
                1_234,
                List.of(new AssertionFailure("status", "200", "401 for " + SECRET)),
                1_000);

        assertThat(detail.status()).isEqualTo(StepStatus.FAILED);
        assertThat(detail.runId()).isEqualTo(RUN.runId());
        assertThat(detail.workItemSeq()).isEqualTo(7);
        assertThat(detail.rowIndex()).isEqualTo(2);
        assertThat(detail.stepIndex()).isEqualTo(1);
        assertThat(detail.attempt()).isEqualTo(3);
        assertThat(detail.caseName()).isEqualTo("create thing");
        assertThat(detail.method()).isEqualTo("POST");
        assertThat(detail.url()).isEqualTo("http://api.test/things?key=[REDACTED]");
        assertThat(detail.requestHeaders())
                .containsExactlyInAnyOrderEntriesOf(Map.of("authorization", "[REDACTED]", "x-echo", "my [REDACTED]"));
        assertThat(detail.requestBody()).isEqualTo("{\"key\":\"[REDACTED]\"}");
        assertThat(detail.responseStatus()).isEqualTo(401);
        assertThat(detail.responseHeaders())
                .containsExactlyInAnyOrderEntriesOf(Map.of("www-authenticate", "Bearer", "x-seen", "[REDACTED]"));
        assertThat(detail.responseBody()).isEqualTo("bad key [REDACTED]");
        assertThat(detail.responseBytes()).isEqualTo(9_999L);
        assertThat(detail.durationMicros()).isEqualTo(1_234);
        assertThat(detail.startedAtEpochMs()).isEqualTo(1_000);
        assertThat(detail.failures()).containsExactly(new AssertionFailure("status", "200", "401 for [REDACTED]"));
        assertThat(detail.error()).isNull();
    }

    @Test
    void bodiesAreRedactedWholeBeforeTheyAreCut() {
        // a cut through the secret would leave its head, which no longer matches it
        HttpTransport.Answer answer = new HttpTransport.Answer(200, Map.of(), "0123 " + SECRET + " and more");

        StepDetail detail = ATTEMPT.executed(StepStatus.PASSED, sent(), answer, 1, List.of(), 8);

        assertThat(detail.responseBody()).isEqualTo("0123 [RE…(16 more characters)");
        assertThat(detail.requestBody()).isEqualTo("{\"key\":\"…(12 more characters)");
    }

    @Test
    void anErroredAttemptSaysWhyWithoutAnAnswer() {
        StepDetail detail =
                ATTEMPT.errored(sent(), "connection refused by http://api.test/things?key=" + SECRET, 1_000);

        assertThat(detail.status()).isEqualTo(StepStatus.ERRORED);
        assertThat(detail.error()).isEqualTo("connection refused by http://api.test/things?key=[REDACTED]");
        assertThat(detail.url()).isEqualTo("http://api.test/things?key=[REDACTED]");
        assertThat(detail.responseStatus()).isNull();
        assertThat(detail.responseBody()).isNull();
        assertThat(detail.responseHeaders()).isEmpty();
        assertThat(detail.failures()).isEmpty();
    }

    @Test
    void aSkippedStepSaysWhyAndShowsNoRequest() {
        StepDetail detail = new StepAttempt(RUN, new WorkItem(7, 0, 2), 2, CASE, 1)
                .skipped("skipped because step 1 ('create thing') failed", 5_000);

        assertThat(detail.status()).isEqualTo(StepStatus.SKIPPED);
        assertThat(detail.attempt()).isEqualTo(1);
        assertThat(detail.error()).isEqualTo("skipped because step 1 ('create thing') failed");
        assertThat(detail.url()).isNull();
        assertThat(detail.requestHeaders()).isEmpty();
        assertThat(detail.requestBody()).isNull();
        assertThat(detail.startedAtEpochMs()).isEqualTo(5_000);
    }
}
