package dev.gantry.worker.execution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.model.AssertionFailure;
import dev.gantry.model.CaseDefinition;
import dev.gantry.model.CheckOperator;
import dev.gantry.model.Expectations;
import dev.gantry.model.HeaderCheck;
import dev.gantry.model.HttpMethod;
import dev.gantry.model.JsonPathCheck;
import dev.gantry.model.RequestTemplate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A step's checks on its answer, all together, and what they say about an answer kept in part. */
class ResponseChecksTest {
    static final Variables VARS = new Variables(
            Map.of(), Map.of(), Map.of(), Map.of(), Map.of("id", "t-1"), new SplittableRandom(1), Clock.systemUTC());
    static final HttpTransport.Answer ANSWER = new HttpTransport.Answer(
            200, ExtractionsTest.caseInsensitive(Map.of("etag", "v1")), "{\"id\":\"t-1\",\"n\":3}");

    static CompiledCase expecting(Expectations expectations) {
        return CompiledCase.compile(
                new CaseDefinition(
                        UUID.randomUUID(),
                        "case",
                        new RequestTemplate(HttpMethod.GET, "/", null, null, null, null, 0),
                        expectations,
                        null,
                        null),
                Map.of());
    }

    static List<AssertionFailure> check(CompiledCase step, HttpTransport.Answer answer, long micros) {
        List<AssertionFailure> failures = new ArrayList<>();
        ResponseChecks.all(step, answer, ResponseChecks.document(answer.body()), micros, VARS, failures);
        return failures;
    }

    @Test
    void anAnswerThatMeetsEveryExpectationFailsNone() {
        CompiledCase step = expecting(new Expectations(
                List.of(200),
                List.of(new JsonPathCheck("$.id", CheckOperator.EQUALS, "{{id}}")),
                List.of(new HeaderCheck("ETag", CheckOperator.EQUALS, "v1")),
                List.of("\"n\":3"),
                List.of("error"),
                100L,
                null));

        assertThat(check(step, ANSWER, 99_000)).isEmpty();
    }

    @Test
    void everyExpectationIsCheckedAndEachThatFailsSaysSo() {
        CompiledCase step = expecting(new Expectations(
                List.of(201),
                List.of(new JsonPathCheck("$.id", CheckOperator.EQUALS, "t-2")),
                List.of(new HeaderCheck("ETag", CheckOperator.EQUALS, "v2")),
                List.of("missing"),
                List.of("t-1"),
                100L,
                null));

        assertThat(check(step, ANSWER, 100_001))
                .extracting(AssertionFailure::check)
                .containsExactly(
                        "status",
                        "$.id equals",
                        "header ETag equals",
                        "body contains",
                        "body does not contain",
                        "response time");
        assertThat(check(step, ANSWER, 100_001).getLast())
                .isEqualTo(new AssertionFailure("response time", "<= 100 ms", "100 ms"));
    }

    @Test
    void anEmptyBodyHasNoDocument() {
        assertThat(ResponseChecks.document("{\"a\":1}")).isEqualTo(Map.of("a", 1));
        assertThat(ResponseChecks.document("  ")).isNull();
        assertThat(ResponseChecks.document(null)).isNull();
    }

    @Test
    void failuresOnAnAnswerKeptInPartSayHowMuchOfItTheyChecked() {
        HttpTransport.Answer kept = new HttpTransport.Answer(200, Map.of(), "{\"id\":", 5_000_000, true);
        List<AssertionFailure> failures = List.of(
                new AssertionFailure("status", "201", "200"),
                new AssertionFailure("content type", "application/json", "text/plain"),
                new AssertionFailure("response time", "<= 1 ms", "2 ms"),
                new AssertionFailure("header ETag exists", "present", "<missing>"),
                new AssertionFailure("extract where from header Location", "a value", "nothing matched"),
                new AssertionFailure("extract code from status", "a value", "nothing matched"),
                new AssertionFailure("$.id exists", "present", "<missing>"),
                new AssertionFailure("extract id from body $.id", "a value", "nothing matched"));

        List<AssertionFailure> noted = ResponseChecks.onWhatWasKept(failures, kept);

        String note = " (checked on the first 6 characters of 5000000 bytes: a worker keeps"
                + " gantry.worker.max-response-bytes of an answer; an environment may ask for more with"
                + " maxResponseBytes)";
        assertThat(noted.subList(0, 6)).isEqualTo(failures.subList(0, 6));
        assertThat(noted.subList(6, 8))
                .containsExactly(
                        new AssertionFailure("$.id exists", "present", "<missing>" + note),
                        new AssertionFailure("extract id from body $.id", "a value", "nothing matched" + note));
    }
}
