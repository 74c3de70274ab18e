package dev.gantry.worker.execution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.model.AssertionFailure;
import dev.gantry.model.CaseDefinition;
import dev.gantry.model.Extraction;
import dev.gantry.model.ExtractionSource;
import dev.gantry.model.HttpMethod;
import dev.gantry.model.RequestTemplate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Values taken from an answer into the work item's variables, and what a missing one says. */
class ExtractionsTest {
    static final HttpTransport.Answer ANSWER = new HttpTransport.Answer(
            201,
            caseInsensitive(Map.of("location", "/things/t-1", "content-type", "application/json")),
            "{\"id\":\"t-1\",\"price\":9.99,\"tags\":[\"a\",\"b\"],\"owner\":null,\"note\":\"order #42 of 7\"}");

    /** Header names as the transport gives them: in any case. */
    static Map<String, String> caseInsensitive(Map<String, String> headers) {
        Map<String, String> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        map.putAll(headers);
        return map;
    }

    final Variables vars =
            new Variables(Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), new SplittableRandom(1), Clock.systemUTC());
    final List<AssertionFailure> failures = new ArrayList<>();

    static CompiledCase extracting(Extraction... extractions) {
        return CompiledCase.compile(
                new CaseDefinition(
                        UUID.randomUUID(),
                        "case",
                        new RequestTemplate(HttpMethod.GET, "/", null, null, null, null, 0),
                        null,
                        List.of(extractions),
                        null),
                Map.of());
    }

    void extract(CompiledCase step, HttpTransport.Answer answer) {
        Object document = step.needsJson() ? ResponseChecks.PROVIDER.parse(answer.body()) : null;
        Extractions.extract(step, answer, document, vars, failures);
    }

    @Test
    void fromTheStatusAHeaderTheJsonBodyAndARegex() {
        extract(
                extracting(
                        new Extraction("code", ExtractionSource.STATUS, null),
                        new Extraction("where", ExtractionSource.HEADER, "Location"),
                        new Extraction("id", ExtractionSource.BODY, "$.id"),
                        new Extraction("price", ExtractionSource.BODY, "$.price"),
                        new Extraction("tags", ExtractionSource.BODY, "$.tags"),
                        new Extraction("order", ExtractionSource.REGEX, "order #(\\d+)"),
                        new Extraction("phrase", ExtractionSource.REGEX, "\\d+ of \\d+")),
                ANSWER);

        assertThat(failures).isEmpty();
        assertThat(vars.extracted())
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "code", "201",
                        "where", "/things/t-1",
                        "id", "t-1",
                        "price", "9.99",
                        "tags", "[\"a\",\"b\"]",
                        "order", "42",
                        "phrase", "42 of 7"));
        // what the next step of the chain renders with
        assertThat(vars.apply("id")).isEqualTo("t-1");
    }

    @Test
    void aValueNotFoundTakesTheDefault() {
        extract(
                extracting(
                        new Extraction("missing", ExtractionSource.BODY, "$.nothing", "none"),
                        new Extraction("nullOwner", ExtractionSource.BODY, "$.owner", "nobody"),
                        new Extraction("etag", ExtractionSource.HEADER, "ETag", "*"),
                        new Extraction("year", ExtractionSource.REGEX, "(\\d{4})", "1970")),
                ANSWER);

        assertThat(failures).isEmpty();
        assertThat(vars.extracted())
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("missing", "none", "nullOwner", "nobody", "etag", "*", "year", "1970"));
    }

    @Test
    void aValueNotFoundWithoutADefaultFailsTheStepSayingWhereItLooked() {
        extract(
                extracting(
                        new Extraction("missing", ExtractionSource.BODY, "$.nothing"),
                        new Extraction("etag", ExtractionSource.HEADER, "ETag"),
                        new Extraction("year", ExtractionSource.REGEX, "(\\d{4})"),
                        new Extraction("id", ExtractionSource.BODY, "$.id")),
                ANSWER);

        assertThat(failures)
                .containsExactly(
                        new AssertionFailure("extract missing from body $.nothing", "a value", "nothing matched"),
                        new AssertionFailure("extract etag from header ETag", "a value", "nothing matched"),
                        new AssertionFailure("extract year from regex (\\d{4})", "a value", "nothing matched"));
        // the others are still taken
        assertThat(vars.extracted()).containsExactly(Map.entry("id", "t-1"));
    }

    @Test
    void anOptionalValueNotFoundNeverFailsTheStepAndLeavesItsPlaceholderAboveEveryLowerScope() {
        Variables withSuiteValue = new Variables(
                Map.of(),
                Map.of(),
                Map.of("missing", "from the suite"),
                Map.of(),
                Map.of(),
                new SplittableRandom(1),
                Clock.systemUTC());
        CompiledCase step = extracting(
                new Extraction("missing", ExtractionSource.BODY, "$.nothing", null, true),
                new Extraction("id", ExtractionSource.BODY, "$.id", null, true));
        Extractions.extract(step, ANSWER, ResponseChecks.PROVIDER.parse(ANSWER.body()), withSuiteValue, failures);

        assertThat(failures).isEmpty();
        // as Newman's pm.collectionVariables.set("missing", undefined): the suite's value is hidden, not used
        assertThat(withSuiteValue.apply("missing")).isEqualTo("{{missing}}");
        assertThat(withSuiteValue.apply("id")).isEqualTo("t-1");
        // extracted again later: the value is back
        withSuiteValue.extracted("missing", "found");
        assertThat(withSuiteValue.apply("missing")).isEqualTo("found");
    }

    @Test
    void aBodyThatIsNotJsonHasNothingToExtractByJsonPath() {
        CompiledCase step = extracting(new Extraction("id", ExtractionSource.BODY, "$.id"));
        Extractions.extract(step, new HttpTransport.Answer(200, Map.of(), "<html/>"), null, vars, failures);

        assertThat(failures)
                .containsExactly(new AssertionFailure("extract id from body $.id", "a value", "nothing matched"));
    }

    @Test
    void aLaterExtractionOfTheSameNameWins() {
        extract(
                extracting(
                        new Extraction("x", ExtractionSource.STATUS, null),
                        new Extraction("x", ExtractionSource.BODY, "$.id")),
                ANSWER);

        assertThat(vars.apply("x")).isEqualTo("t-1");
    }

    @Test
    void aStoppedRegexSaysWhyAndTakesNoDefault() {
        CompiledCase step = extracting(new Extraction("never", ExtractionSource.REGEX, "(x+)+y", "fallback"));
        HttpTransport.Answer answer = new HttpTransport.Answer(200, Map.of(), "x".repeat(10_000));
        BoundedRegex.Budget cancelled = new BoundedRegex.Budget(Duration.ofMinutes(1));
        cancelled.cancelled().set(true);

        BoundedRegex.within(cancelled, () -> {
            Extractions.extract(step, answer, null, vars, failures);
            return null;
        });

        assertThat(failures)
                .containsExactly(new AssertionFailure(
                        "extract never from regex (x+)+y",
                        "a value",
                        "the regular expression /(x+)+y/ was stopped: the run was cancelled"));
        assertThat(vars.extracted()).isEmpty();
    }
}
