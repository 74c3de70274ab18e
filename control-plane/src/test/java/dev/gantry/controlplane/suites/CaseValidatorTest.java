package dev.gantry.controlplane.suites;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.gantry.controlplane.common.FieldViolation;
import dev.gantry.controlplane.common.InvalidInputException;
import dev.gantry.model.BodyType;
import dev.gantry.model.CheckOperator;
import dev.gantry.model.ExtractionSource;
import dev.gantry.model.HttpMethod;
import dev.gantry.model.RetryOn;
import dev.gantry.model.RetryPolicy;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CaseValidatorTest {
    static CaseRequest.Request get(String path) {
        return new CaseRequest.Request("GET", path, null, null, null, null, null);
    }

    /** A case named "x" without position, dependency or enabled flag. */
    static CaseRequest caseOf(
            CaseRequest.Request request, CaseRequest.Expect expectations, List<CaseRequest.Extract> extractions) {
        return caseOf(request, expectations, extractions, null);
    }

    static CaseRequest caseOf(
            CaseRequest.Request request,
            CaseRequest.Expect expectations,
            List<CaseRequest.Extract> extractions,
            CaseRequest.Retry retry) {
        return new CaseRequest("x", null, null, null, request, expectations, extractions, retry);
    }

    static List<String> fields(CaseRequest request) {
        InvalidInputException e =
                catchThrowableOfType(InvalidInputException.class, () -> CaseValidator.validate(request));
        assertThat(e).as("expected the case to be rejected").isNotNull();
        return e.violations().stream().map(FieldViolation::field).toList();
    }

    @Test
    void aValidCaseBecomesDomainRecords() {
        CaseRequest request = new CaseRequest(
                "create",
                null,
                null,
                null,
                new CaseRequest.Request(
                        "POST", "/items", Map.of("a", "{{x}}"), Map.of("X-T", "1"), null, "{\"n\":{{n}}}", 500L),
                new CaseRequest.Expect(
                        List.<Object>of(201),
                        List.of(new CaseRequest.Check("$.id", "exists", null)),
                        List.of(new CaseRequest.HeaderCheckRequest("Location", null, null)),
                        null,
                        null,
                        100L),
                List.of(new CaseRequest.Extract("id", "body", "$.id", null)));
        ValidCase valid = CaseValidator.validate(request);
        assertThat(valid.request().method()).isEqualTo(HttpMethod.POST);
        assertThat(valid.request().bodyType()).isEqualTo(BodyType.JSON);
        assertThat(valid.request().timeoutMs()).isEqualTo(500);
        assertThat(valid.expectations().jsonPath().getFirst().operator()).isEqualTo(CheckOperator.EXISTS);
        assertThat(valid.expectations().headers().getFirst().operator()).isEqualTo(CheckOperator.EXISTS);
        assertThat(valid.extractions().getFirst().source()).isEqualTo(ExtractionSource.BODY);
        assertThat(valid.enabled()).isTrue();
    }

    @Test
    void everyProblemIsReportedWithItsField() {
        CaseRequest request = new CaseRequest(
                " ",
                -1,
                null,
                null,
                new CaseRequest.Request("FETCH", "/items/{{id", null, null, "XML", null, 0L),
                new CaseRequest.Expect(
                        List.<Object>of(99),
                        List.of(
                                new CaseRequest.Check("$[", "equals", "1"),
                                new CaseRequest.Check("$.a", "bigger", "1"),
                                new CaseRequest.Check("$.a", "matches", "(")),
                        null,
                        null,
                        null,
                        -5L),
                List.of(new CaseRequest.Extract("9x", "SOMEWHERE", null, null)));
        assertThat(fields(request))
                .containsExactlyInAnyOrder(
                        "name",
                        "position",
                        "request.method",
                        "request.path",
                        "request.bodyType",
                        "request.timeoutMs",
                        "expectations.status[0]",
                        "expectations.jsonPath[0].path",
                        "expectations.jsonPath[1].operator",
                        "expectations.jsonPath[2].expected",
                        "expectations.maxResponseTimeMs",
                        "extractions[0].name",
                        "extractions[0].source");
    }

    @Test
    void aGetCarriesNoBodyAndOperatorsNeedTheirExpectedValue() {
        assertThat(fields(caseOf(new CaseRequest.Request("GET", "/a", null, null, "JSON", "{}", null), null, null)))
                .containsExactly("request.body");
        assertThat(fields(caseOf(
                        get("/a"),
                        new CaseRequest.Expect(
                                null, List.of(new CaseRequest.Check("$.a", "equals", null)), null, null, null, null),
                        null)))
                .containsExactly("expectations.jsonPath[0].expected");
    }

    @Test
    void statusClassesAndTheNewerOperatorsAreCheckedAtSaveTime() {
        CaseRequest valid = caseOf(
                get("/a"),
                new CaseRequest.Expect(
                        List.<Object>of(200, "3xx", "404"),
                        List.of(
                                new CaseRequest.Check("$.a", "type", "array"),
                                new CaseRequest.Check("$.a", "size", "2"),
                                new CaseRequest.Check("$.a", "oneOf", "[1, 2]")),
                        null,
                        null,
                        null,
                        null),
                List.of(new CaseRequest.Extract("t", "regex", "token=(\\w+)", "none")));
        ValidCase ok = CaseValidator.validate(valid);
        assertThat(ok.expectations().status()).containsExactly(200, 404);
        assertThat(ok.expectations().statusClasses()).containsExactly("3xx");
        assertThat(ok.extractions().getFirst().defaultValue()).isEqualTo("none");

        CaseRequest invalid = caseOf(
                get("/a"),
                new CaseRequest.Expect(
                        List.<Object>of("6xx", "abc"),
                        List.of(
                                new CaseRequest.Check("$.a", "type", "text"),
                                new CaseRequest.Check("$.a", "size", "two"),
                                new CaseRequest.Check("$.a", "oneOf", "1, 2")),
                        List.of(new CaseRequest.HeaderCheckRequest("X-A", "size", "1")),
                        null,
                        null,
                        null),
                List.of(new CaseRequest.Extract("t", "regex", "token=(", null)));
        assertThat(fields(invalid))
                .containsExactlyInAnyOrder(
                        "expectations.status[0]",
                        "expectations.status[1]",
                        "expectations.jsonPath[0].expected",
                        "expectations.jsonPath[1].expected",
                        "expectations.jsonPath[2].expected",
                        "expectations.headers[0].operator",
                        "extractions[0].expression");
    }

    @Test
    void retryPoliciesSayHowOftenAndOnWhat() {
        CaseRequest valid = caseOf(
                get("/a"),
                null,
                null,
                new CaseRequest.Retry(3, 100L, List.of("serverError", "timeout", "connection", "assertion")));
        RetryPolicy policy = CaseValidator.validate(valid).retry();
        assertThat(policy.attempts()).isEqualTo(3);
        assertThat(policy.on()).containsExactlyInAnyOrder(RetryOn.values());
        assertThat(policy.backoffBefore(2)).isEqualTo(100);
        assertThat(policy.backoffBefore(3)).isEqualTo(200);

        assertThat(fields(caseOf(get("/a"), null, null, new CaseRequest.Retry(11, -1L, List.of("flaky")))))
                .containsExactlyInAnyOrder("retry.attempts", "retry.backoffMs", "retry.on[0]");
        assertThat(fields(caseOf(get("/a"), null, null, new CaseRequest.Retry(2, 0L, null))))
                .containsExactly("retry.on");
    }

    @Test
    void jsonSchemasMustBeValidSchemasOfTheirDraft() {
        Map<String, Object> draft7 = Map.of(
                "$schema", "http://json-schema.org/draft-07/schema#",
                "type", "object",
                "required", List.of("id"));
        ValidCase valid = CaseValidator.validate(
                caseOf(get("/a"), new CaseRequest.Expect(null, null, null, null, null, null, draft7), null));
        assertThat(valid.expectations().jsonSchema()).contains("draft-07").contains("\"required\":[\"id\"]");

        assertThat(fields(caseOf(
                        get("/a"),
                        new CaseRequest.Expect(null, null, null, null, null, null, Map.of("type", 5)),
                        null)))
                .containsExactly("expectations.jsonSchema");
        assertThat(fields(caseOf(
                        get("/a"), new CaseRequest.Expect(null, null, null, null, null, null, List.of(1, 2)), null)))
                .containsExactly("expectations.jsonSchema");
    }

    @Test
    void contentTypesMustBeMediaTypes() {
        assertThat(CaseValidator.validate(caseOf(get("/a"), contentType("application/problem+json"), null))
                        .expectations()
                        .contentType())
                .isEqualTo("application/problem+json");
        assertThat(CaseValidator.validate(caseOf(get("/a"), contentType("text/*"), null))
                        .expectations()
                        .acceptsContentType("text/csv; charset=utf-8"))
                .isTrue();
        assertThat(fields(caseOf(get("/a"), contentType("json"), null))).containsExactly("expectations.contentType");
        assertThat(fields(caseOf(get("/a"), contentType("application/json; charset=utf-8"), null)))
                .containsExactly("expectations.contentType");
    }

    private static CaseRequest.Expect contentType(String mediaType) {
        return new CaseRequest.Expect(null, null, null, null, null, null, null, mediaType);
    }

    @Test
    void setupAndTeardownCasesStandAlone() {
        CaseRequest.Request login = get("/login");
        ValidCase setup = CaseValidator.validate(new CaseRequest(
                "login", null, null, null, login, null, null, null, "setup", null, null, null, null, null, null, null,
                null, null, null, null, null));
        assertThat(setup.phase()).isEqualTo(CasePhase.SETUP);
        assertThat(CaseValidator.validate(caseOf(login, null, null)).phase()).isEqualTo(CasePhase.TEST);

        assertThat(fields(new CaseRequest(
                        "x", null, null, null, login, null, null, null, "before", null, null, null, null, null, null,
                        null, null, null, null, null, null)))
                .containsExactly("phase");
        assertThat(fields(new CaseRequest(
                        "x",
                        null,
                        UUID.randomUUID(),
                        null,
                        login,
                        null,
                        null,
                        null,
                        "teardown",
                        UUID.randomUUID(),
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null)))
                .containsExactlyInAnyOrder("dependsOn", "dataSetId");
    }

    @Test
    void multipartBodiesNeedNamedPartsAndNoRawBody() {
        CaseRequest.Request ok = new CaseRequest.Request(
                "POST",
                "/upload",
                null,
                null,
                "multipart",
                null,
                null,
                List.of(new CaseRequest.Part("file", "{{fname}}", "text/csv", "{{csv}}")));
        ValidCase valid = CaseValidator.validate(caseOf(ok, null, null));
        assertThat(valid.request().parts()).hasSize(1);

        CaseRequest.Request bad = new CaseRequest.Request(
                "POST",
                "/upload",
                null,
                null,
                "multipart",
                "raw",
                null,
                List.of(new CaseRequest.Part(" ", null, null, "x"), new CaseRequest.Part("f", "{{oops", null, null)));
        assertThat(fields(caseOf(bad, null, null)))
                .containsExactlyInAnyOrder(
                        "request.body",
                        "request.parts[0].name",
                        "request.parts[1].content",
                        "request.parts[1].filename");
    }

    @Test
    void runAfterFailureAndOptionalExtractionsAreKeptAndNumbersAreRequiredWhereNumbersAreCompared() {
        CaseRequest.Request get = new CaseRequest.Request("GET", "/items/{{id}}", null, null, null, null, null);
        ValidCase valid = CaseValidator.validate(new CaseRequest(
                "read",
                null,
                null,
                null,
                get,
                new CaseRequest.Expect(
                        null,
                        List.of(
                                new CaseRequest.Check("$.n", "atLeast", "1"),
                                new CaseRequest.Check("$.n", "atMost", "{{max}}"),
                                new CaseRequest.Check("$.tags", "notEmpty", null)),
                        null,
                        null,
                        null,
                        null),
                List.of(new CaseRequest.Extract("id", "BODY", "$.id", null, true)),
                null,
                null,
                null,
                true,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null));
        assertThat(valid.runAfterFailure()).isTrue();
        assertThat(valid.extractions().getFirst().optional()).isTrue();
        assertThat(CaseValidator.validate(
                                caseOf(get, null, List.of(new CaseRequest.Extract("id", "BODY", "$.id", null))))
                        .extractions()
                        .getFirst()
                        .optional())
                .isFalse();

        assertThat(fields(caseOf(
                        get,
                        new CaseRequest.Expect(
                                null, List.of(new CaseRequest.Check("$.n", "atMost", "ten")), null, null, null, null),
                        null)))
                .containsExactly("expectations.jsonPath[0].expected");
    }

    static CaseRequest classified(List<String> tags, String priority, String type, String mode, String status) {
        return new CaseRequest(
                "x", null, null, null, get("/a"), null, null, null, null, null, null, tags, priority, type, mode,
                status, null, null, null, null, null);
    }

    @Test
    void aClassificationIsNormalisedAndKept() {
        CaseClassification c = CaseValidator.validate(classified(
                        java.util.Arrays.asList(" Smoke", "REGRESSION", "smoke", "team:payments"),
                        "High",
                        "happy path",
                        "automated",
                        "broken"))
                .classification();
        assertThat(c.tags()).containsExactly("smoke", "regression", "team:payments");
        assertThat(c.priority()).isEqualTo(CaseClassification.Priority.HIGH);
        assertThat(c.type()).isEqualTo(CaseClassification.Type.HAPPY_PATH);
        assertThat(c.mode()).isEqualTo(CaseClassification.Mode.AUTOMATED);
        assertThat(c.automationStatus()).isEqualTo(CaseClassification.AutomationStatus.BROKEN);
        assertThat(CaseValidator.validate(classified(null, null, "HAPPY_PATH", null, null))
                        .classification())
                .isEqualTo(CaseClassification.NONE.withType(CaseClassification.Type.HAPPY_PATH));
    }

    @Test
    void aWrongClassificationNamesEachField() {
        assertThat(fields(classified(
                        List.of("ok", " ", "x".repeat(51), "no spaces"), "urgent", "smoke", "robot", "flaky")))
                .containsExactlyInAnyOrder(
                        "tags[1]", "tags[2]", "tags[3]", "priority", "type", "mode", "automationStatus");
        assertThat(fields(classified(java.util.Collections.nCopies(21, "t"), null, null, null, null)))
                .containsExactly("tags");
        assertThat(fields(classified(null, null, null, "manual", "working"))).containsExactly("automationStatus");
    }

    static CaseRequest manual(CaseRequest.Request request, String mode, String priority, List<CaseRequest.Link> links) {
        return new CaseRequest(
                "by hand",
                null,
                null,
                null,
                request,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                priority,
                null,
                mode,
                null,
                null,
                "  ",
                "1. open\n2. look",
                "x".repeat(CaseText.MAX_LENGTH),
                links);
    }

    @Test
    void aManualCaseNeedsNoRequestAndKeepsItsTextsAsWritten() {
        ValidCase valid = CaseValidator.validate(manual(null, "Manual", null, null));
        assertThat(valid.request()).isNull();
        assertThat(valid.text()).isEqualTo(new CaseText(null, "1. open\n2. look", "x".repeat(CaseText.MAX_LENGTH)));
        assertThat(fields(manual(null, null, null, null))).containsExactly("request");
        // a wrong priority is reported alone: the mode still says the case needs no request
        assertThat(fields(manual(null, "manual", "urgent", null))).containsExactly("priority");
        CaseRequest tooLong = new CaseRequest(
                "x",
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                "manual",
                null,
                null,
                "x".repeat(CaseText.MAX_LENGTH + 1),
                null,
                null,
                null);
        assertThat(fields(tooLong)).containsExactly("preconditions");
    }

    @Test
    void linksAreUpperCasedKeptOnceAndEachWrongOneIsNamed() {
        ValidCase valid = CaseValidator.validate(manual(
                null,
                "manual",
                null,
                List.of(
                        new CaseRequest.Link("story", " ctp-12 "),
                        new CaseRequest.Link("STORY", "CTP-12"),
                        new CaseRequest.Link("Defect", "BUG_2-7"))));
        assertThat(valid.links())
                .containsExactly(
                        new CaseLink(CaseLink.Kind.STORY, "CTP-12"), new CaseLink(CaseLink.Kind.DEFECT, "BUG_2-7"));
        assertThat(fields(manual(
                        null,
                        "manual",
                        null,
                        java.util.Arrays.asList(
                                new CaseRequest.Link("story", "12-CTP"),
                                new CaseRequest.Link("epic", "CTP-1"),
                                new CaseRequest.Link(null, "CTP-1"),
                                null,
                                new CaseRequest.Link("story", "A-" + "1".repeat(60))))))
                .containsExactly("links[0].key", "links[1].kind", "links[2].kind", "links[3]", "links[4].key");
        assertThat(fields(manual(
                        null, "manual", null, java.util.Collections.nCopies(51, new CaseRequest.Link("story", "A-1")))))
                .containsExactly("links");
    }
}
