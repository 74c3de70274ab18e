package dev.gantry.controlplane.suites;

import dev.gantry.controlplane.common.JsonColumns;
import dev.gantry.model.Expectations;
import dev.gantry.model.RequestTemplate;
import dev.gantry.model.RetryOn;
import dev.gantry.model.RetryPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A stored case as a client would send it back. Changes made to many cases at once (a bulk update, a
 * CSV import) edit this request and pass it through {@link CaseValidator} again, so they are held to
 * exactly the rules a {@code PUT /cases/{id}} is, and a case that is sent back unchanged validates to
 * what is stored.
 */
final class CaseRequests {
    private CaseRequests() {}

    static CaseRequest of(TestCase c, List<CaseLink> links) {
        CaseClassification k = c.getClassification();
        CaseText text = c.getText();
        return new CaseRequest(
                c.getName(),
                c.getPosition(),
                c.getDependsOn(),
                c.isEnabled(),
                request(c.getRequest()),
                expect(c.getExpectations()),
                c.getExtractions() == null
                        ? null
                        : c.getExtractions().stream()
                                .map(x -> new CaseRequest.Extract(
                                        x.name(), x.source().name(), x.expression(), x.defaultValue(), x.optional()))
                                .toList(),
                retry(c.getRetry()),
                c.getPhase().name(),
                c.getDataSetId(),
                c.isRunAfterFailure(),
                k.tags(),
                name(k.priority()),
                name(k.type()),
                name(k.mode()),
                name(k.automationStatus()),
                c.getModuleId(),
                text.preconditions(),
                text.steps(),
                text.expectedResult(),
                links.stream()
                        .map(l -> new CaseRequest.Link(l.kind().name(), l.key()))
                        .toList());
    }

    private static String name(Enum<?> value) {
        return value == null ? null : value.name();
    }

    static CaseRequest.Request request(RequestTemplate r) {
        if (r == null) {
            return null;
        }
        return new CaseRequest.Request(
                r.method().name(),
                r.path(),
                r.query(),
                r.headers(),
                r.bodyType() == null ? null : r.bodyType().name(),
                r.body(),
                r.timeoutMs(),
                r.parts() == null || r.parts().isEmpty()
                        ? null
                        : r.parts().stream()
                                .map(p -> new CaseRequest.Part(p.name(), p.filename(), p.contentType(), p.content()))
                                .toList());
    }

    static CaseRequest.Expect expect(Expectations e) {
        if (e == null) {
            return null;
        }
        List<Object> status = new ArrayList<>(e.status());
        status.addAll(e.statusClasses());
        return new CaseRequest.Expect(
                status,
                e.jsonPath().stream()
                        .map(j -> new CaseRequest.Check(j.path(), j.operator().wireName(), j.expected()))
                        .toList(),
                e.headers().stream()
                        .map(h -> new CaseRequest.HeaderCheckRequest(
                                h.name(), h.operator().wireName(), h.expected()))
                        .toList(),
                e.bodyContains(),
                e.bodyNotContains(),
                e.maxResponseTimeMs(),
                e.jsonSchema() == null ? null : JsonColumns.MAPPER.readValue(e.jsonSchema(), Object.class),
                e.contentType());
    }

    private static CaseRequest.Retry retry(RetryPolicy r) {
        if (r == null) {
            return null;
        }
        return new CaseRequest.Retry(
                r.attempts(),
                r.backoffMs(),
                r.on().stream().map(CaseRequests::retryOn).sorted().toList());
    }

    private static String retryOn(RetryOn on) {
        return switch (on) {
            case SERVER_ERROR -> "serverError";
            default -> on.name().toLowerCase(Locale.ROOT);
        };
    }
}
