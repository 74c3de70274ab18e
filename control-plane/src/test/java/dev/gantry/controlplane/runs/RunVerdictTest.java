package dev.gantry.controlplane.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.gantry.model.CaseDefinition;
import dev.gantry.model.CaseTally;
import dev.gantry.model.EnvironmentSnapshot;
import dev.gantry.model.HttpMethod;
import dev.gantry.model.PartitionTally;
import dev.gantry.model.RequestTemplate;
import dev.gantry.model.RowRange;
import dev.gantry.model.RunSnapshot;
import dev.gantry.model.RunStatus;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The merge and verdict of a run's aggregation, without a job, a store or a worker. */
class RunVerdictTest {
    static final CaseDefinition LOGIN = aCase("login");
    static final CaseDefinition ORDER = aCase("order");
    static final CaseDefinition HEALTH = aCase("health");
    static final CaseDefinition SEED = aCase("seed data");
    static final CaseDefinition CLEAN = aCase("clean up");

    /** Two chains over three rows: login → order with rows 0..2, health with row 1 only (9 main steps). */
    static final RunSnapshot RUN = snapshot(
            List.of(LOGIN, ORDER, HEALTH),
            List.of(List.of(LOGIN.id(), ORDER.id()), List.of(HEALTH.id())),
            List.of(new RowRange(0, 3), new RowRange(1, 1)),
            List.of(),
            List.of());

    /** The same with a setup case before and a teardown case after (9 + 2 steps). */
    static final RunSnapshot WITH_SETUP = snapshot(
            List.of(LOGIN, ORDER, HEALTH, SEED, CLEAN),
            List.of(List.of(LOGIN.id(), ORDER.id()), List.of(HEALTH.id())),
            List.of(new RowRange(0, 3), new RowRange(1, 1)),
            List.of(SEED.id()),
            List.of(CLEAN.id()));

    static final List<RunVerdict.StepEnd> ALL_COMPLETED = List.of(
            completed("expand"),
            completed("setup"),
            completed("execute"),
            completed("worker:main:0"),
            completed("teardown"));

    @Nested
    class Merge {
        @Test
        void sumsEachCaseAcrossPartitionsInSnapshotOrder() {
            RunVerdict.Merged merged = RunVerdict.merge(
                    RUN,
                    List.of(
                            partition(Map.of(LOGIN.id(), passed(2), ORDER.id(), tally(1, 1, 0, 0, 0))),
                            partition(Map.of(LOGIN.id(), tally(0, 0, 0, 0, 1), ORDER.id(), tally(0, 0, 0, 1, 0))),
                            partition(Map.of(HEALTH.id(), passed(1)))),
                    true);

            assertThat(merged.cases())
                    .extracting(RunVerdict.CaseResult::name, RunVerdict.CaseResult::position)
                    .containsExactly(tuple("login", 0), tuple("order", 1), tuple("health", 2));
            assertThat(merged.byCase())
                    .containsEntry(LOGIN.id(), new RunTotals(2, 0, 0, 0, 1))
                    .containsEntry(ORDER.id(), new RunTotals(1, 1, 0, 1, 0))
                    .containsEntry(HEALTH.id(), new RunTotals(1, 0, 0, 0, 0));
            assertThat(merged.totals()).isEqualTo(new RunTotals(4, 1, 0, 1, 1));
            assertThat(merged.totals().done()).isEqualTo(RUN.stepCount());
        }

        @Test
        void aCaseNoPartitionRanHasZeroTotalsAndNoLatencies() {
            RunVerdict.Merged merged = RunVerdict.merge(RUN, List.of(partition(Map.of(LOGIN.id(), passed(3)))), true);

            RunVerdict.CaseResult health = merged.cases().get(2);
            assertThat(health.totals()).isEqualTo(RunTotals.ZERO);
            assertThat(health.latencies()).isEqualTo(new RunVerdict.Latencies(null, null, null, null));
        }

        @Test
        void talliesOfCasesOutsideTheSnapshotAreLeftOut() {
            RunVerdict.Merged merged = RunVerdict.merge(
                    RUN, List.of(partition(Map.of(UUID.randomUUID(), passed(5), LOGIN.id(), passed(1)))), true);

            assertThat(merged.cases()).hasSize(3);
            assertThat(merged.totals()).isEqualTo(new RunTotals(1, 0, 0, 0, 0));
        }

        @Test
        void latenciesMergeEveryPartitionsDurationsPerCaseAndOverall() {
            RunVerdict.Merged merged = RunVerdict.merge(
                    RUN,
                    List.of(
                            partition(Map.of(LOGIN.id(), timed(passed(2), 100, 200))),
                            partition(Map.of(LOGIN.id(), timed(passed(1), 900), ORDER.id(), timed(passed(1), 1_500)))),
                    true);

            RunVerdict.Latencies login = merged.cases().get(0).latencies();
            assertThat(login).isEqualTo(new RunVerdict.Latencies(0.2, 0.9, 0.9, 0.9));
            assertThat(merged.cases().get(1).latencies().max()).isEqualTo(1.5);
            assertThat(merged.latencies()).isEqualTo(new RunVerdict.Latencies(0.2, 1.5, 1.5, 1.5));
        }

        @Test
        void whenSetupDidNotPassEveryMainStepIsSkippedOncePerRowOfItsChain() {
            RunVerdict.Merged merged = RunVerdict.merge(
                    WITH_SETUP,
                    List.of(
                            partition(Map.of(SEED.id(), tally(0, 1, 0, 0, 0))),
                            partition(Map.of(CLEAN.id(), passed(1)))),
                    false);

            assertThat(merged.byCase())
                    .containsEntry(LOGIN.id(), new RunTotals(0, 0, 3, 0, 0))
                    .containsEntry(ORDER.id(), new RunTotals(0, 0, 3, 0, 0))
                    .containsEntry(HEALTH.id(), new RunTotals(0, 0, 1, 0, 0))
                    .containsEntry(SEED.id(), new RunTotals(0, 1, 0, 0, 0))
                    .containsEntry(CLEAN.id(), new RunTotals(1, 0, 0, 0, 0));
            // the skipped steps make the count whole: a failed setup is a verdict, not lost work
            assertThat(merged.totals().done()).isEqualTo(WITH_SETUP.stepCount());
        }
    }

    @Nested
    class EndsInError {
        final RunVerdict.Merged complete = RunVerdict.merge(
                RUN,
                List.of(partition(Map.of(LOGIN.id(), passed(3), ORDER.id(), passed(3), HEALTH.id(), passed(1)))),
                true);

        @Test
        void aRunWhosePhasesCompletedAndWhoseStepsAreAllCountedReachesAVerdict() {
            assertThat(RunVerdict.error(complete, ALL_COMPLETED, Optional.empty(), RUN.stepCount()))
                    .isEmpty();
        }

        @Test
        void aFailedPhaseNamesThePartitionsFirstError() {
            List<RunVerdict.StepEnd> steps = List.of(
                    completed("expand"),
                    completed("setup"),
                    failed("execute", "java.lang.IllegalStateException: boom\n\tat somewhere"),
                    completed("teardown"));

            Optional<RunVerdict.Verdict> verdict =
                    RunVerdict.error(complete, steps, Optional.of("worker w-1 died"), RUN.stepCount());

            assertThat(verdict)
                    .contains(new RunVerdict.Verdict(
                            RunStatus.ERROR,
                            complete.totals(),
                            "the execute phase failed: a partition failed: worker w-1 died"));
        }

        @Test
        void withoutAPartitionErrorAFailedPhaseGivesTheFirstLineOfItsExitDescription() {
            List<RunVerdict.StepEnd> steps =
                    List.of(failed("setup", "java.lang.IllegalStateException: boom\n\tat somewhere"));

            assertThat(RunVerdict.error(complete, steps, Optional.empty(), RUN.stepCount()))
                    .map(RunVerdict.Verdict::reason)
                    .contains("the setup phase failed: java.lang.IllegalStateException: boom");
        }

        @Test
        void aFailedPhaseWithoutADescriptionGivesItsExitCode() {
            List<RunVerdict.StepEnd> steps = List.of(failed("teardown", ""));

            assertThat(RunVerdict.error(complete, steps, Optional.empty(), RUN.stepCount()))
                    .map(RunVerdict.Verdict::reason)
                    .contains("the teardown phase failed: FAILED");
        }

        @Test
        void theFirstFailedPhaseIsTheOneNamed() {
            List<RunVerdict.StepEnd> steps =
                    List.of(completed("expand"), failed("setup", "first"), failed("execute", "second"));

            assertThat(RunVerdict.error(complete, steps, Optional.empty(), RUN.stepCount()))
                    .map(RunVerdict.Verdict::reason)
                    .contains("the setup phase failed: first");
        }

        @Test
        void aFailedPartitionStepIsNotAFailedPhase() {
            // its phase decides: the manager step went on (a resent partition may have passed)
            List<RunVerdict.StepEnd> steps =
                    List.of(completed("execute"), failed("worker:main:3", "lost"), stopped("worker:main:4"));

            assertThat(RunVerdict.error(complete, steps, Optional.of("lost"), RUN.stepCount()))
                    .isEmpty();
            assertThat(steps).noneMatch(RunVerdict.StepEnd::phaseFailed);
        }

        @Test
        void stepsCountedOtherThanTheRunHasAreAnErrorNeverAVerdict() {
            RunVerdict.Merged lost = RunVerdict.merge(
                    RUN, List.of(partition(Map.of(LOGIN.id(), passed(3), ORDER.id(), passed(3)))), true);

            assertThat(RunVerdict.error(lost, ALL_COMPLETED, Optional.empty(), RUN.stepCount()))
                    .contains(new RunVerdict.Verdict(
                            RunStatus.ERROR, new RunTotals(6, 0, 0, 0, 0), "executed 6 steps but the run has 7"));
        }

        @Test
        void stepsCountedTwiceAreAnErrorToo() {
            RunVerdict.Merged twice = RunVerdict.merge(
                    RUN,
                    Collections.nCopies(
                            2, partition(Map.of(LOGIN.id(), passed(3), ORDER.id(), passed(3), HEALTH.id(), passed(1)))),
                    true);

            assertThat(RunVerdict.error(twice, ALL_COMPLETED, Optional.empty(), RUN.stepCount()))
                    .map(RunVerdict.Verdict::reason)
                    .contains("executed 14 steps but the run has 7");
        }

        @Test
        void aCancelledRunsPartialTotalsAreKeptOnItsErrorWhichTheStoreLeavesCancelled() {
            // cancellation (by request or deadline) moved the run to CANCELLED before its job ended;
            // RunStore's guard refuses ERROR then and keeps only these totals
            RunVerdict.Merged partial = RunVerdict.merge(
                    RUN, List.of(partition(Map.of(LOGIN.id(), tally(2, 1, 0, 0, 0), ORDER.id(), passed(1)))), true);

            Optional<RunVerdict.Verdict> verdict =
                    RunVerdict.error(partial, ALL_COMPLETED, Optional.empty(), RUN.stepCount());

            assertThat(verdict).map(RunVerdict.Verdict::totals).contains(new RunTotals(3, 1, 0, 0, 0));
            assertThat(RunStatus.CANCELLED.canMoveTo(verdict.orElseThrow().status()))
                    .isFalse();
        }
    }

    @Nested
    class Judged {
        @Test
        void aRunWithoutFailuresPasses() {
            RunVerdict.Merged merged = RunVerdict.merge(
                    RUN,
                    List.of(partition(
                            Map.of(LOGIN.id(), tally(2, 0, 0, 0, 1), ORDER.id(), passed(3), HEALTH.id(), passed(1)))),
                    true);

            assertThat(RunVerdict.judged(merged, Set.of()))
                    .isEqualTo(new RunVerdict.Verdict(RunStatus.PASSED, new RunTotals(6, 0, 0, 0, 1), null));
        }

        @Test
        void aFailedStepFailsTheRun() {
            RunVerdict.Merged merged = RunVerdict.merge(
                    RUN,
                    List.of(partition(Map.of(
                            LOGIN.id(),
                            tally(2, 1, 0, 0, 0),
                            ORDER.id(),
                            tally(2, 0, 1, 0, 0),
                            HEALTH.id(),
                            passed(1)))),
                    true);

            assertThat(RunVerdict.judged(merged, Set.of()).status()).isEqualTo(RunStatus.FAILED);
        }

        @Test
        void anErroredStepFailsTheRun() {
            RunVerdict.Merged merged = RunVerdict.merge(
                    RUN,
                    List.of(partition(
                            Map.of(LOGIN.id(), passed(3), ORDER.id(), passed(3), HEALTH.id(), tally(0, 0, 0, 1, 0)))),
                    true);

            assertThat(RunVerdict.judged(merged, Set.of()).status()).isEqualTo(RunStatus.FAILED);
        }

        @Test
        void skippedAndFlakyStepsAloneDoNotFailTheRun() {
            RunVerdict.Merged merged = RunVerdict.merge(
                    RUN,
                    List.of(partition(Map.of(
                            LOGIN.id(),
                            tally(0, 0, 3, 0, 0),
                            ORDER.id(),
                            tally(0, 0, 0, 0, 3),
                            HEALTH.id(),
                            passed(1)))),
                    true);

            assertThat(RunVerdict.judged(merged, Set.of()).status()).isEqualTo(RunStatus.PASSED);
        }

        @Test
        void failuresOfQuarantinedCasesAreCountedButDoNotFailTheRun() {
            RunVerdict.Merged merged = RunVerdict.merge(
                    RUN,
                    List.of(partition(
                            Map.of(LOGIN.id(), passed(3), ORDER.id(), tally(1, 1, 0, 1, 0), HEALTH.id(), passed(1)))),
                    true);

            assertThat(RunVerdict.judged(merged, Set.of(ORDER.id())))
                    .isEqualTo(new RunVerdict.Verdict(RunStatus.PASSED, new RunTotals(5, 1, 0, 1, 0), null));
            assertThat(RunVerdict.judged(merged, Set.of(HEALTH.id())).status()).isEqualTo(RunStatus.FAILED);
        }

        @Test
        void aFailedSetupFailsTheRunWithItsMainStepsSkipped() {
            RunVerdict.Merged merged = RunVerdict.merge(
                    WITH_SETUP,
                    List.of(
                            partition(Map.of(SEED.id(), tally(0, 1, 0, 0, 0))),
                            partition(Map.of(CLEAN.id(), passed(1)))),
                    false);

            assertThat(RunVerdict.error(merged, ALL_COMPLETED, Optional.empty(), WITH_SETUP.stepCount()))
                    .isEmpty();
            assertThat(RunVerdict.judged(merged, Set.of()))
                    .isEqualTo(new RunVerdict.Verdict(RunStatus.FAILED, new RunTotals(1, 1, 7, 0, 0), null));
        }

        @Test
        void aFailedTeardownFailsTheRunThoughEveryMainStepPassed() {
            RunVerdict.Merged merged = RunVerdict.merge(
                    WITH_SETUP,
                    List.of(
                            partition(Map.of(SEED.id(), passed(1))),
                            partition(Map.of(LOGIN.id(), passed(3), ORDER.id(), passed(3), HEALTH.id(), passed(1))),
                            partition(Map.of(CLEAN.id(), tally(0, 0, 0, 1, 0)))),
                    true);

            assertThat(RunVerdict.error(merged, ALL_COMPLETED, Optional.empty(), WITH_SETUP.stepCount()))
                    .isEmpty();
            assertThat(RunVerdict.judged(merged, Set.of()).status()).isEqualTo(RunStatus.FAILED);
        }

        @Test
        void anEmptyRunPassesWithNothingCounted() {
            RunSnapshot empty = snapshot(
                    List.of(LOGIN), List.of(List.of(LOGIN.id())), List.of(new RowRange(0, 0)), List.of(), List.of());

            RunVerdict.Merged merged = RunVerdict.merge(empty, List.of(), true);

            assertThat(empty.stepCount()).isZero();
            assertThat(RunVerdict.error(merged, ALL_COMPLETED, Optional.empty(), empty.stepCount()))
                    .isEmpty();
            assertThat(RunVerdict.judged(merged, Set.of()))
                    .isEqualTo(new RunVerdict.Verdict(RunStatus.PASSED, RunTotals.ZERO, null));
            assertThat(merged.latencies()).isEqualTo(new RunVerdict.Latencies(null, null, null, null));
        }
    }

    @Nested
    class SetupPassed {
        @Test
        void whenEverySetupCasePassed() {
            assertThat(RunVerdict.setupPassed(
                            partition(Map.of(SEED.id(), passed(1), LOGIN.id(), tally(0, 0, 0, 0, 1)))))
                    .isTrue();
        }

        @Test
        void notWhenASetupCaseFailedErroredOrWasSkipped() {
            assertThat(RunVerdict.setupPassed(partition(Map.of(SEED.id(), tally(0, 1, 0, 0, 0)))))
                    .isFalse();
            assertThat(RunVerdict.setupPassed(partition(Map.of(SEED.id(), tally(0, 0, 0, 1, 0)))))
                    .isFalse();
            assertThat(RunVerdict.setupPassed(
                            partition(Map.of(SEED.id(), passed(1), LOGIN.id(), tally(0, 0, 1, 0, 0)))))
                    .isFalse();
        }

        @Test
        void notWhenItCommittedNoTally() {
            assertThat(RunVerdict.setupPassed(null)).isFalse();
        }
    }

    static CaseDefinition aCase(String name) {
        return new CaseDefinition(
                UUID.randomUUID(),
                name,
                new RequestTemplate(HttpMethod.GET, "/" + name, null, null, null, null, 0),
                null,
                null,
                null);
    }

    static RunSnapshot snapshot(
            List<CaseDefinition> cases,
            List<List<UUID>> chains,
            List<RowRange> chainRows,
            List<UUID> setup,
            List<UUID> teardown) {
        return new RunSnapshot(
                RunSnapshot.SCHEMA_VERSION,
                UUID.randomUUID(),
                UUID.randomUUID(),
                UUID.randomUUID(),
                "suite",
                new EnvironmentSnapshot("e", "http://localhost", null, null),
                cases,
                chains,
                List.of(Map.of("row", "0"), Map.of("row", "1"), Map.of("row", "2")),
                60,
                null,
                null,
                chainRows,
                setup,
                teardown);
    }

    static PartitionTally partition(Map<UUID, CaseTally> cases) {
        return new PartitionTally(PartitionTally.SCHEMA_VERSION, cases);
    }

    static CaseTally passed(long steps) {
        return tally(steps, 0, 0, 0, 0);
    }

    static CaseTally tally(long passed, long failed, long skipped, long errored, long flaky) {
        return new CaseTally(passed, failed, skipped, errored, flaky, null);
    }

    /** The tally with these step durations (microseconds), encoded as a worker commits them. */
    static CaseTally timed(CaseTally tally, long... micros) {
        Histogram durations = new Histogram(3);
        for (long value : micros) {
            durations.recordValue(value);
        }
        ByteBuffer buffer = ByteBuffer.allocate(durations.getNeededByteBufferCapacity());
        int length = durations.encodeIntoCompressedByteBuffer(buffer);
        String histogram = Base64.getEncoder().encodeToString(Arrays.copyOf(buffer.array(), length));
        return new CaseTally(
                tally.passed(), tally.failed(), tally.skipped(), tally.errored(), tally.flaky(), histogram);
    }

    static RunVerdict.StepEnd completed(String name) {
        return new RunVerdict.StepEnd(name, "COMPLETED", "");
    }

    static RunVerdict.StepEnd failed(String name, String description) {
        return new RunVerdict.StepEnd(name, "FAILED", description);
    }

    static RunVerdict.StepEnd stopped(String name) {
        return new RunVerdict.StepEnd(name, "STOPPED", "");
    }
}
