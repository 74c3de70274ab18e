package dev.gantry.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RateMeterTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void firstSampleHasNoRateYet() {
        assertThat(new RateMeter(2 * SECOND).record(5 * SECOND, 100)).isZero();
    }

    @Test
    void rateIsTheChangeOfDoneOverTime() {
        RateMeter meter = new RateMeter(2 * SECOND);
        meter.record(0, 0);

        assertThat(meter.record(SECOND / 2, 600)).isCloseTo(1200, within(0.001));
    }

    @Test
    void followsTheCurrentPaceOnceTheWindowHasPassed() {
        RateMeter meter = new RateMeter(2 * SECOND);
        meter.record(0, 0);
        meter.record(SECOND, 10_000);
        meter.record(2 * SECOND, 10_100);
        meter.record(3 * SECOND, 10_200);

        assertThat(meter.record(4 * SECOND, 10_300)).isCloseTo(100, within(0.001));
    }
}
