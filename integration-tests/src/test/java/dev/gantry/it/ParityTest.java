package dev.gantry.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The parity test's own rules: how Newman's report is counted and how the two sides are compared. */
class ParityTest {

    /** A Newman JSON report: a folder with two requests and one at the top, two iterations. */
    static final String REPORT =
            """
            {"collection": {"item": [
                {"id": "f", "name": "items", "item": [
                    {"id": "a", "name": "Create"},
                    {"id": "b", "name": "Read"}]},
                {"id": "c", "name": "Health"}]},
             "run": {"stats": {"iterations": {"total": 2}}, "executions": [
                {"item": {"id": "a"}, "assertions": [{"assertion": "created"}, {"assertion": "id", "skipped": true}]},
                {"item": {"id": "b"}, "assertions": [{"assertion": "found", "error": {"name": "AssertionError"}}]},
                {"item": {"id": "c"}, "requestError": {"code": "ECONNREFUSED"}},
                {"item": {"id": "a"}, "assertions": [], "testScript": [{"error": {"name": "TypeError"}}]},
                {"item": {"id": "b"}, "prerequestScript": [{"error": {"name": "ReferenceError"}}]},
                {"item": {"id": "c"}}]}}
            """;

    @Test
    void anExecutionPassesOnlyWhenAnsweredWithNoFailedAssertionNorScript() {
        Newman.Report report = Newman.read(Api.JSON.readTree(REPORT), Path.of("report.json"));

        assertThat(report.iterations()).isEqualTo(2);
        assertThat(report.requests())
                .containsExactly(
                        Map.entry("items / Create", new Newman.Tally(1, 1)),
                        Map.entry("items / Read", new Newman.Tally(0, 2)),
                        Map.entry("Health", new Newman.Tally(1, 1)));
    }

    @Test
    void requestsOfTheSameNameCannotBeCompared() {
        String twice =
                """
                {"collection": {"item": [{"id": "a", "name": "Get"}, {"id": "b", "name": "Get"}]}, "run": {}}
                """;
        assertThatThrownBy(() -> Newman.read(Api.JSON.readTree(twice), Path.of("r.json")))
                .hasMessageContaining("both named 'Get'");
    }

    @Test
    void countsAreTheSameOrTheDifferenceIsTheListedOneOrItDiffers() {
        Parity parity = Parity.compare(
                "c",
                "heading",
                Map.of(
                        "same", new Newman.Tally(3, 1),
                        "skipped counts as not passed", new Newman.Tally(1, 2),
                        "listed", new Newman.Tally(2, 0),
                        "listed otherwise", new Newman.Tally(0, 2),
                        "differs", new Newman.Tally(2, 0),
                        "not imported", new Newman.Tally(1, 0)),
                Map.of(
                        "same", new Parity.Counts(3, 1, 0, 0),
                        "skipped counts as not passed", new Parity.Counts(1, 0, 1, 1),
                        "listed", new Parity.Counts(0, 2, 0, 0),
                        "listed otherwise", new Parity.Counts(1, 1, 0, 0),
                        "differs", new Parity.Counts(1, 1, 0, 0),
                        "not imported", new Parity.Counts(0, 0, 0, 0)),
                Map.of(
                        "c: listed",
                        new Parity.Deliberate(0, 2, "scripts do not run"),
                        "c: listed otherwise",
                        new Parity.Deliberate(2, 0, "scripts do not run")),
                Map.of("differs", List.of("test: pm.expect(x).to.be.odd (not one of the common forms)")));

        Map<String, Parity.Verdict> verdicts = new java.util.HashMap<>();
        parity.rows().forEach(r -> verdicts.put(r.request(), r.verdict()));
        assertThat(verdicts)
                .containsEntry("same", Parity.Verdict.SAME)
                .containsEntry("skipped counts as not passed", Parity.Verdict.SAME)
                .containsEntry("listed", Parity.Verdict.DELIBERATE)
                .containsEntry("listed otherwise", Parity.Verdict.DIFFERS)
                .containsEntry("differs", Parity.Verdict.DIFFERS)
                .containsEntry("not imported", Parity.Verdict.DIFFERS);
        assertThat(parity.differing())
                .extracting(Parity.Row::request)
                .containsOnly("listed otherwise", "differs", "not imported");
        assertThat(parity.table())
                .contains(
                        "differs",
                        "2/0",
                        "1/1",
                        "to.be.odd",
                        "scripts do not run",
                        "1/2 (1 errored, 1 skipped)",
                        "2 same, 1 deliberate, 3 differ")
                .contains("listed as a deliberate difference with Gantry at 2/0, but not that one");
    }

    @Test
    void aCaseWithoutANewmanRequestOrARequestWithoutACaseDiffers() {
        Parity parity = Parity.compare(
                "c",
                "heading",
                Map.of("only in Newman", new Newman.Tally(1, 0)),
                Map.of("only in Gantry", new Parity.Counts(1, 0, 0, 0)),
                Map.of(),
                Map.of());

        assertThat(parity.differing()).hasSize(2);
        assertThat(parity.table()).contains("no case", "a case Newman has no request for");
    }
}
