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

    static List<String> failedChecks(String body, JsonPathCheck... checks) {
        CompiledCase step = expecting(new Expectations(List.of(200), List.of(checks), null, null, null, null, null));
        return check(step, new HttpTransport.Answer(200, ExtractionsTest.caseInsensitive(Map.of()), body), 0).stream()
                .map(AssertionFailure::message)
                .toList();
    }

    @Test
    void emptyAndNotEmptyHoldForStringsArraysAndObjectsOnlyAsChaiSays() {
        String body =
                "{\"s\":\"\",\"t\":\"x\",\"a\":[],\"b\":[1],\"o\":{},\"p\":{\"k\":1},\"n\":0,\"z\":null,\"f\":false}";
        assertThat(failedChecks(
                        body,
                        new JsonPathCheck("$.s", CheckOperator.EMPTY, null),
                        new JsonPathCheck("$.a", CheckOperator.EMPTY, null),
                        new JsonPathCheck("$.o", CheckOperator.EMPTY, null),
                        new JsonPathCheck("$.t", CheckOperator.NOT_EMPTY, null),
                        new JsonPathCheck("$.b", CheckOperator.NOT_EMPTY, null),
                        new JsonPathCheck("$.p", CheckOperator.NOT_EMPTY, null)))
                .isEmpty();
        // Chai's empty throws on numbers, booleans, null and undefined: both forms fail there
        assertThat(failedChecks(
                        body,
                        new JsonPathCheck("$.t", CheckOperator.EMPTY, null),
                        new JsonPathCheck("$.s", CheckOperator.NOT_EMPTY, null),
                        new JsonPathCheck("$.n", CheckOperator.EMPTY, null),
                        new JsonPathCheck("$.n", CheckOperator.NOT_EMPTY, null),
                        new JsonPathCheck("$.z", CheckOperator.NOT_EMPTY, null),
                        new JsonPathCheck("$.f", CheckOperator.EMPTY, null),
                        new JsonPathCheck("$.missing", CheckOperator.NOT_EMPTY, null),
                        new JsonPathCheck("$.missing", CheckOperator.EMPTY, null)))
                .containsExactly(
                        "$.t empty: expected an empty string, array or object but was string x",
                        "$.s notEmpty: expected a non-empty string, array or object but was string ",
                        "$.n empty: expected an empty string, array or object but was integer 0",
                        "$.n notEmpty: expected a non-empty string, array or object but was integer 0",
                        "$.z notEmpty: expected a non-empty string, array or object but was null null",
                        "$.f empty: expected an empty string, array or object but was boolean false",
                        "$.missing notEmpty: expected a non-empty string, array or object but was <missing>",
                        "$.missing empty: expected an empty string, array or object but was <missing>");
    }

    @Test
    void atLeastAndAtMostIncludeTheBoundAndFailOnWhatIsNotANumber() {
        String body = "{\"n\":3,\"d\":2.5,\"s\":\"abc\"}";
        assertThat(failedChecks(
                        body,
                        new JsonPathCheck("$.n", CheckOperator.AT_LEAST, "3"),
                        new JsonPathCheck("$.n", CheckOperator.AT_MOST, "3"),
                        new JsonPathCheck("$.d", CheckOperator.AT_LEAST, "2.5"),
                        new JsonPathCheck("$.d", CheckOperator.AT_MOST, "2.50")))
                .isEmpty();
        assertThat(failedChecks(
                        body,
                        new JsonPathCheck("$.n", CheckOperator.AT_LEAST, "3.01"),
                        new JsonPathCheck("$.n", CheckOperator.AT_MOST, "2"),
                        new JsonPathCheck("$.s", CheckOperator.AT_LEAST, "0"),
                        new JsonPathCheck("$.s", CheckOperator.AT_MOST, "0"),
                        new JsonPathCheck("$.missing", CheckOperator.AT_MOST, "0")))
                .containsExactly(
                        "$.n atLeast: expected a number >= 3.01 but was 3",
                        "$.n atMost: expected a number <= 2 but was 3",
                        "$.s atLeast: expected a number >= 0 but was abc",
                        "$.s atMost: expected a number <= 0 but was abc",
                        "$.missing atMost: expected a number <= 0 but was <missing>");
    }
}
