package dev.gantry.worker.summary;

import dev.gantry.model.CaseTally;
import dev.gantry.model.StepStatus;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/** Mutable counts and durations of one case in one partition; its committed form is {@link CaseTally}. */
final class CaseCounter {
    private long passed, failed, skipped, errored, flaky;
    private final Histogram durations;

    private CaseCounter(Histogram durations) {
        this.durations = durations;
    }

    static CaseCounter empty() {
        return new CaseCounter(new Histogram(3));
    }

    static CaseCounter of(CaseTally tally) {
        CaseCounter counter = new CaseCounter(decode(tally.histogram()));
        counter.passed = tally.passed();
        counter.failed = tally.failed();
        counter.skipped = tally.skipped();
        counter.errored = tally.errored();
        counter.flaky = tally.flaky();
        return counter;
    }

    void add(StepStatus status, long micros) {
        switch (status) {
            case PASSED -> passed++;
            case FAILED -> failed++;
            case SKIPPED -> skipped++;
            case ERRORED -> errored++;
            case FLAKY -> flaky++;
        }
        if (status != StepStatus.SKIPPED) {
            durations.recordValue(Math.max(1, micros));
        }
    }

    CaseTally tally() {
        ByteBuffer buffer = ByteBuffer.allocate(durations.getNeededByteBufferCapacity());
        int length = durations.encodeIntoCompressedByteBuffer(buffer);
        String histogram = Base64.getEncoder().encodeToString(Arrays.copyOf(buffer.array(), length));
        return new CaseTally(passed, failed, skipped, errored, flaky, histogram);
    }

    private static Histogram decode(String base64) {
        if (base64 == null) {
            return new Histogram(3);
        }
        try {
            return Histogram.decodeFromCompressedByteBuffer(
                    ByteBuffer.wrap(Base64.getDecoder().decode(base64)), 0);
        } catch (DataFormatException e) {
            throw new IllegalStateException("the partition's committed histogram is corrupt", e);
        }
    }
}
