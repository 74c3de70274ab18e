package dev.gantry.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.demo.ProgressBar.Style;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

    @Test
    void rendersBarCountsRateAndVerdicts() {
        assertThat(ProgressBar.render(2345, 4000, 1234.4, 2300, 45, 20, Style.UNICODE))
                .isEqualTo("[███████████░░░░░░░░░]  2,345/4,000 steps  1,234 steps/s  ✓ 2,300  ✗ 45");
    }

    @Test
    void plainStyleUsesAsciiAndWords() {
        assertThat(ProgressBar.render(2000, 4000, 999.6, 1990, 10, 10, Style.ASCII))
                .isEqualTo("[#####.....]  2,000/4,000 steps  1,000 steps/s  passed 1,990  failed 10");
    }

    @Test
    void padsTheDoneCountToTheWidthOfTheTotal() {
        assertThat(ProgressBar.render(5, 12000, 0, 5, 0, 4, Style.ASCII))
                .isEqualTo("[....]       5/12,000 steps  0 steps/s  passed 5  failed 0");
    }

    @Test
    void fullRunFillsTheBar() {
        assertThat(ProgressBar.render(4000, 4000, 1500, 3900, 100, 8, Style.UNICODE))
                .startsWith("[████████]  4,000/4,000 steps");
    }

    @Test
    void unknownTotalShowsAnEmptyBar() {
        assertThat(ProgressBar.render(0, 0, 0, 0, 0, 5, Style.ASCII))
                .isEqualTo("[.....]  0/0 steps  0 steps/s  passed 0  failed 0");
    }

    @Test
    void neverOverfillsNorShowsNegativeRates() {
        assertThat(ProgressBar.render(5000, 4000, -3, 0, 0, 4, Style.ASCII))
                .startsWith("[####]  5,000/4,000 steps  0 steps/s");
    }

    @Test
    void barHasTheRequestedWidth() {
        for (int done = 0; done <= 100; done++) {
            String line = ProgressBar.render(done, 100, 0, 0, 0, 30, Style.ASCII);
            assertThat(line.indexOf(']')).isEqualTo(31);
            assertThat(line.substring(1, 31).chars().filter(c -> c == '#').count())
                    .isEqualTo(done * 30L / 100);
        }
    }
}
