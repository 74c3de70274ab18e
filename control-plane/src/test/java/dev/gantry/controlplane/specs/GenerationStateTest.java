package dev.gantry.controlplane.specs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;

/** A generation only moves forward; the guards of its SQL updates are the table's. */
class GenerationStateTest {
    @Test
    void theGuardsAreTheStatesThatMayMoveThere() {
        assertThat(GenerationState.RUNNING.from()).isEqualTo(EnumSet.of(GenerationState.QUEUED));
        assertThat(GenerationState.COMPLETED.from()).isEqualTo(EnumSet.of(GenerationState.RUNNING));
        assertThat(GenerationState.FAILED.from())
                .isEqualTo(EnumSet.of(GenerationState.QUEUED, GenerationState.RUNNING));
        assertThat(GenerationState.QUEUED.from()).isEmpty();
    }

    @Test
    void endedGenerationsNeverMoveAgain() {
        assertThat(EnumSet.allOf(GenerationState.class).stream().filter(GenerationState::terminal))
                .containsExactlyInAnyOrder(GenerationState.COMPLETED, GenerationState.FAILED);
        assertThat(GenerationState.COMPLETED.successful()).isTrue();
        assertThat(GenerationState.FAILED.successful()).isFalse();
        assertThatThrownBy(() -> GenerationState.FAILED.checkMove(GenerationState.COMPLETED))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("a generation cannot move from FAILED to COMPLETED");
        assertThatThrownBy(() -> GenerationState.QUEUED.checkMove(GenerationState.COMPLETED))
                .hasMessageContaining("from QUEUED to COMPLETED");
        GenerationState.QUEUED.checkMove(GenerationState.RUNNING);
        GenerationState.RUNNING.checkMove(GenerationState.COMPLETED);
    }
}
