package dev.gantry.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.client.Run;
import dev.gantry.client.StepPage;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RunStateTest {

    private static final UUID RUN = UUID.fromString("00000000-0000-0000-0000-0000000000d1");

    @Test
    void aFinishedRunKeepsItsCountersCasesAndNullLatencies() {
        Run run = new Run(
                RUN,
                null,
                "FAILED",
                new Run.Totals(10, 40, 40, 38, 1, 1, 0, 0),
                null,
                null,
                null,
                1178L,
                null,
                null,
                List.of(new Run.CaseResult(null, "create item", 10, 0, 0, 0, 0, 2.1, null)));

        RunState state = RunState.from(run);

        assertThat(state)
                .isEqualTo(new RunState(
                        RUN.toString(),
                        "FAILED",
                        new RunTotals(10, 40, 40, 38, 1, 0, 0),
                        1178L,
                        null,
                        List.of(new CaseResult("create item", 10, 0, 0, 0, 2.1, null))));
        assertThat(state.finished()).isTrue();
    }

    @Test
    void aRunWithoutCountersYetCountsNothing() {
        Run queued = new Run(RUN, null, "QUEUED", null, null, null, null, null, null, null, null);

        RunState state = RunState.from(queued);

        assertThat(state.totals()).isEqualTo(RunTotals.NONE);
        assertThat(state.cases()).isEmpty();
        assertThat(state.finished()).isFalse();
    }

    @Test
    void aFailedStepKeepsItsChecks() {
        StepPage.Step step = new StepPage.Step(
                "price within discount limit",
                9,
                "FAILED",
                List.of(new StepPage.Failure("$.price lessThan", "a number < 100", "102.5")),
                null);

        assertThat(FailedStep.from(step))
                .isEqualTo(new FailedStep(
                        "price within discount limit",
                        9,
                        List.of(new FailedStep.Check("$.price lessThan", "a number < 100", "102.5")),
                        null));
    }
}
