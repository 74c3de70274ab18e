package dev.gantry.worker.execution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.model.ConformanceVerdict;
import dev.gantry.model.StepDetail;
import dev.gantry.model.StepDetailLevel;
import dev.gantry.model.StepStatus;
import dev.gantry.model.WorkItem;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StepDetailLevelsTest {
    static final CompiledRun SAMPLING = withLevel(StepDetailLevel.FAILURES_AND_SAMPLE);
    static final CompiledRun ALL = withLevel(StepDetailLevel.ALL);

    static CompiledRun withLevel(StepDetailLevel level) {
        CompiledRun r = StepAttemptTest.RUN;
        return new CompiledRun(
                r.runId(),
                r.environmentName(),
                r.chains(),
                r.baseUrl(),
                r.environmentVariables(),
                r.suiteVariables(),
                r.secrets(),
                r.auth(),
                r.followRedirects(),
                r.verifyTls(),
                r.maxResponseBytes(),
                r.seed(),
                r.resultTtl(),
                r.redaction(),
                r.requestRate(),
                level,
                r.layout());
    }

    static StepDetail step(WorkItem item, int index, StepStatus status) {
        HttpTransport.Answer answer =
                new HttpTransport.Answer(200, Map.of("content-type", "application/json"), "{\"id\":7}", 8, false);
        StepAttempt.Sent sent = new StepAttempt.Sent(1_000);
        sent.url = "http://api.test/things";
        sent.headers = Map.of("accept", "application/json");
        sent.body = "{\"name\":\"a\"}";
        return new StepAttempt(SAMPLING, item, index, StepAttemptTest.CASE, 1)
                .executed(status, sent, answer, 1_500, List.of(), 1_000);
    }

    @Test
    void aPassedChainOutsideTheSampleKeepsWhatWasCalledAndHowItWentButNoHeadersOrBodies() {
        WorkItem item = new WorkItem(101, 0, 101);
        List<StepDetail> steps = List.of(step(item, 0, StepStatus.PASSED), step(item, 1, StepStatus.PASSED));

        List<StepDetail> kept = ChainExecutor.kept(SAMPLING, item, steps, List.of());

        assertThat(kept).hasSize(2).allSatisfy(d -> {
            assertThat(d.abridged()).isTrue();
            assertThat(d.requestHeaders()).isEmpty();
            assertThat(d.requestBody()).isNull();
            assertThat(d.responseHeaders()).isEmpty();
            assertThat(d.responseBody()).isNull();
            assertThat(d.url()).isEqualTo("http://api.test/things");
            assertThat(d.responseStatus()).isEqualTo(200);
            assertThat(d.durationMicros()).isEqualTo(1_500);
            assertThat(d.responseBytes()).isEqualTo(8);
            assertThat(d.status()).isEqualTo(StepStatus.PASSED);
        });
        assertThat(kept).extracting(StepDetail::key).containsExactly("101:0:1", "101:1:1");
    }

    @Test
    void aChainWithAFailureKeepsEveryStepWholeThePassedOnesThatLedToItToo() {
        WorkItem item = new WorkItem(101, 0, 101);
        List<StepDetail> steps = List.of(step(item, 0, StepStatus.PASSED), step(item, 1, StepStatus.FAILED));

        assertThat(ChainExecutor.kept(SAMPLING, item, steps, List.of())).isSameAs(steps);
        assertThat(steps.getFirst().abridged()).isNull();
        assertThat(steps.getFirst().responseBody()).isEqualTo("{\"id\":7}");
    }

    @Test
    void flakyChainsChainsWithRetriesAndNonConformingAnswersAreKeptWhole() {
        WorkItem item = new WorkItem(101, 0, 101);
        StepDetail passed = step(item, 0, StepStatus.PASSED);
        StepDetail flaky = step(item, 1, StepStatus.FLAKY);
        StepDetail retriedAttempt = step(item, 1, StepStatus.FAILED);
        StepDetail nonConforming = step(item, 1, StepStatus.PASSED)
                .withConformance(new ConformanceVerdict("GET /things", null, false, null, List.of("undocumented 200")));

        assertThat(ChainExecutor.kept(SAMPLING, item, List.of(passed, flaky), List.of(retriedAttempt)))
                .allSatisfy(d -> assertThat(d.abridged()).isNull());
        assertThat(ChainExecutor.kept(SAMPLING, item, List.of(passed, nonConforming), List.of()))
                .allSatisfy(d -> assertThat(d.abridged()).isNull());
    }

    @Test
    void oneWorkItemInAHundredIsASampleKeptWholeAndLevelAllKeepsEverything() {
        WorkItem sampled = new WorkItem(StepDetailLevel.SAMPLE_EVERY * 3L, 0, 300);
        WorkItem other = new WorkItem(StepDetailLevel.SAMPLE_EVERY * 3L + 1, 0, 301);

        assertThat(ChainExecutor.kept(SAMPLING, sampled, List.of(step(sampled, 0, StepStatus.PASSED)), List.of()))
                .allSatisfy(d -> assertThat(d.abridged()).isNull());
        assertThat(ChainExecutor.kept(ALL, other, List.of(step(other, 0, StepStatus.PASSED)), List.of()))
                .allSatisfy(d -> assertThat(d.abridged()).isNull());
    }
}
