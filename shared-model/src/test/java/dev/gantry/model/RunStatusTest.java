package dev.gantry.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RunStatusTest {
    @Test
    void aRunMovesForwardOnly() {
        assertThat(RunStatus.QUEUED.moveTo(RunStatus.RUNNING)).isEqualTo(RunStatus.RUNNING);
        assertThat(RunStatus.RUNNING.canMoveTo(RunStatus.PASSED)).isTrue();
        assertThat(RunStatus.RUNNING.canMoveTo(RunStatus.QUEUED)).isFalse();
        assertThat(RunStatus.QUEUED.canMoveTo(RunStatus.PASSED)).isFalse();
    }

    @Test
    void terminalStatesGoNowhere() {
        for (RunStatus end :
                new RunStatus[] {RunStatus.PASSED, RunStatus.FAILED, RunStatus.CANCELLED, RunStatus.ERROR}) {
            assertThat(end.terminal()).isTrue();
            for (RunStatus next : RunStatus.values()) {
                assertThat(end.canMoveTo(next)).isFalse();
            }
        }
        assertThat(RunStatus.RUNNING.terminal()).isFalse();
        assertThat(RunStatus.PASSED.successful()).isTrue();
        assertThat(RunStatus.FAILED.successful()).isFalse();
    }

    @Test
    void anIllegalTransitionNamesBothStates() {
        assertThatThrownBy(() -> RunStatus.PASSED.moveTo(RunStatus.RUNNING))
                .isInstanceOf(IllegalStateTransitionException.class)
                .hasMessage("illegal status transition from PASSED to RUNNING");
    }
}
