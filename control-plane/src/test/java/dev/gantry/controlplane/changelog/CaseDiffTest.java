package dev.gantry.controlplane.changelog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.controlplane.common.JsonColumns;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class CaseDiffTest {
    static final UUID A = UUID.fromString("00000000-0000-0000-0000-00000000000a");
    static final UUID B = UUID.fromString("00000000-0000-0000-0000-00000000000b");

    private static JsonNode json(String text) {
        return JsonColumns.MAPPER.readTree(text);
    }

    private static ChangeLog.CaseState state(String name, String path) {
        return new ChangeLog.CaseState(
                "TC_API_001", name, Map.of("name", json("\"" + name + "\""), "request.path", json("\"" + path + "\"")));
    }

    @Test
    void aCaseInBothIsOneEntryPerChangedFieldAndOnlyAfterIsACreationHoldingEveryField() {
        List<CaseDiff.Entry> entries =
                CaseDiff.diff(Map.of(A, state("a", "/a")), Map.of(A, state("a", "/a2"), B, state("b", "/b")), 100);
        assertThat(entries).hasSize(2);
        assertThat(entries.get(0).change()).isEqualTo(CaseDiff.Change.CHANGED);
        assertThat(entries.get(0).field()).isEqualTo("request.path");
        assertThat(entries.get(0).oldValue().asString()).isEqualTo("/a");
        assertThat(entries.get(0).newValue().asString()).isEqualTo("/a2");
        assertThat(entries.get(1).change()).isEqualTo(CaseDiff.Change.CREATED);
        assertThat(entries.get(1).newValue().toString()).isEqualTo("{\"name\":\"b\",\"request.path\":\"/b\"}");
    }

    @Test
    void aLongValueIsCutToTheBoundWithAnEllipsis() {
        CaseDiff.Bounded cut = CaseDiff.bound(json("\"" + "x".repeat(50) + "\""), 20);
        assertThat(cut.cut()).isTrue();
        assertThat(cut.value().asString()).isEqualTo("\"" + "x".repeat(19) + "…");
        assertThat(CaseDiff.bound(json("[1,2]"), 20).cut()).isFalse();
    }

    @Test
    void aComparisonFoldsEntriesIntoNetChanges() {
        VersionComparison comparison = new VersionComparison();
        Instant at = Instant.EPOCH;
        comparison.accept(new ChangeLogStore.EntryRow(
                1,
                2,
                A,
                "TC_API_001",
                "a",
                CaseDiff.Change.CHANGED,
                "name",
                json("\"a\""),
                json("\"b\""),
                false,
                null,
                at));
        comparison.accept(new ChangeLogStore.EntryRow(
                2,
                3,
                A,
                "TC_API_001",
                "a",
                CaseDiff.Change.CHANGED,
                "name",
                json("\"b\""),
                json("\"a\""),
                false,
                null,
                at));
        comparison.accept(new ChangeLogStore.EntryRow(
                3,
                3,
                B,
                "TC_API_002",
                "b",
                CaseDiff.Change.CREATED,
                null,
                null,
                json("{\"name\":\"b\"}"),
                false,
                null,
                at));
        comparison.accept(new ChangeLogStore.EntryRow(
                4,
                4,
                B,
                "TC_API_002",
                "b",
                CaseDiff.Change.DELETED,
                null,
                json("{\"name\":\"b\"}"),
                null,
                false,
                null,
                at));
        assertThat(comparison.result())
                .as("changed back, and created then deleted: nothing")
                .isEmpty();
    }
}
