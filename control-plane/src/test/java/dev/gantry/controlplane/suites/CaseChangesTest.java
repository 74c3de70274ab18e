package dev.gantry.controlplane.suites;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.controlplane.changelog.ChangeLog;
import dev.gantry.controlplane.common.JsonColumns;
import org.junit.jupiter.api.Test;

class CaseChangesTest {
    @Test
    void aRowIsReadUnderApiNamesWithObjectsByTheirKeysAndBookkeepingLeftOut() {
        ChangeLog.CaseState state = CaseChanges.state(
                JsonColumns.MAPPER.readTree(
                        """
                {"id": "x", "tenant_id": "t", "readable_id": "TC_API_004", "name": "n", "depends_on_id": null,
                 "case_type": "BOUNDARY", "run_after_failure": true, "request": {"method": "GET", "path": "/p"},
                 "updated_at": "2025-01-01T00:00:00Z", "generated_hash": "h", "some_new_column": 3}"""));
        assertThat(state.readableId()).isEqualTo("TC_API_004");
        assertThat(state.fields().keySet())
                .containsExactlyInAnyOrder(
                        "name",
                        "dependsOn",
                        "type",
                        "runAfterFailure",
                        "request.method",
                        "request.path",
                        "someNewColumn");
        assertThat(state.fields().get("request.path").asString()).isEqualTo("/p");
    }

    @Test
    void statusMovesFollowTheTable() {
        assertThat(SuiteStatus.DRAFT.canMoveTo(SuiteStatus.READY)).isTrue();
        assertThat(SuiteStatus.READY.canMoveTo(SuiteStatus.DRAFT)).isTrue();
        assertThat(SuiteStatus.ARCHIVED.canMoveTo(SuiteStatus.READY)).isFalse();
        assertThat(SuiteStatus.ARCHIVED.canMoveTo(SuiteStatus.DRAFT)).isTrue();
        assertThat(SuiteStatus.DRAFT.unattendedRefusal(null, true)).isNull();
        assertThat(SuiteStatus.ARCHIVED.unattendedRefusal(null, true)).isNotNull();
    }
}
