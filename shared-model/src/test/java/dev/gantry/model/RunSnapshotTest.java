package dev.gantry.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RunSnapshotTest {
    static CaseDefinition aCase() {
        return new CaseDefinition(
                UUID.randomUUID(),
                "c",
                new RequestTemplate(HttpMethod.GET, "/", null, null, null, null, 0),
                null,
                null,
                null);
    }

    static RunSnapshot snapshot(List<CaseDefinition> cases, List<List<UUID>> chains, List<Map<String, String>> rows) {
        return new RunSnapshot(
                RunSnapshot.SCHEMA_VERSION,
                UUID.randomUUID(),
                UUID.randomUUID(),
                UUID.randomUUID(),
                "s",
                new EnvironmentSnapshot("e", "http://localhost", null, null),
                cases,
                chains,
                rows,
                60,
                null,
                null);
    }

    @Test
    void countsWorkItemsAndStepsExactly() {
        CaseDefinition a = aCase(), b = aCase(), c = aCase();
        RunSnapshot s = snapshot(
                List.of(a, b, c),
                List.of(List.of(a.id(), b.id()), List.of(c.id())),
                List.of(Map.of("x", "1"), Map.of("x", "2"), Map.of("x", "3")));
        assertThat(s.workItemCount()).isEqualTo(6);
        assertThat(s.stepCount()).isEqualTo(9);
    }

    @Test
    void aRunWithoutDataHasOneEmptyRow() {
        CaseDefinition a = aCase();
        RunSnapshot s = snapshot(List.of(a), List.of(List.of(a.id())), List.of());
        assertThat(s.dataRows()).containsExactly(Map.of());
        assertThat(s.stepCount()).isEqualTo(1);
    }

    @Test
    void invalidSnapshotsAreUnrepresentable() {
        assertThatThrownBy(() -> snapshot(List.of(), List.of(), List.of())).hasMessageContaining("cases");
        CaseDefinition a = aCase();
        assertThatThrownBy(() -> snapshot(List.of(a), List.of(List.of()), List.of()))
                .hasMessageContaining("chains");
        assertThatThrownBy(() -> new PartitionRequest(2, "s", 1)).hasMessageContaining("schemaVersion");
        assertThatThrownBy(() -> new PartitionRequest(1, "s", 0)).hasMessageContaining("stepExecutionId");
    }

    @Test
    void stepDetailsSortByItemThenStepThenAttempt() {
        StepDetail first = detail(3, 0, 1);
        StepDetail retry = detail(3, 0, 2);
        StepDetail next = detail(3, 1, 1);
        StepDetail later = detail(4, 0, 1);
        assertThat(first.orderScore()).isLessThan(retry.orderScore());
        assertThat(retry.orderScore()).isLessThan(next.orderScore());
        assertThat(next.orderScore()).isLessThan(later.orderScore());
        assertThat(first.key()).isEqualTo("3:0:1");
    }

    static StepDetail detail(long seq, int step, int attempt) {
        return new StepDetail(
                StepDetail.SCHEMA_VERSION,
                UUID.randomUUID(),
                seq,
                0,
                step,
                attempt,
                UUID.randomUUID(),
                "c",
                StepStatus.PASSED,
                "GET",
                "http://x",
                null,
                null,
                200,
                null,
                null,
                0,
                0,
                null,
                null);
    }
}
