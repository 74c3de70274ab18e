package dev.gantry.controlplane.runs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.BitSet;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.AmqpConnectException;
import org.springframework.dao.DataAccessResourceFailureException;

class DetailLossTest {

    @Test
    void missingWorkItemsAreNamedAsRanges() {
        BitSet missing = new BitSet();
        missing.set(0, 596);
        missing.set(611);
        missing.set(700, 703);
        assertThat(DetailLoss.ranges(missing)).isEqualTo("0-595, 611, 700-702");
    }

    @Test
    void manyRangesAreCutShortSayingHowManyMore() {
        BitSet missing = new BitSet();
        for (int i = 0; i < 30; i++) {
            missing.set(i * 10);
        }
        assertThat(DetailLoss.ranges(missing)).startsWith("0, 10, 20").endsWith("90 and 20 more ranges");
    }

    @Test
    void nothingMissingAmongTheWorkItemsIsSaid() {
        assertThat(DetailLoss.ranges(new BitSet())).startsWith("none found");
    }

    @Test
    void outagesOfTheServicesAreRiddenOutAndBugsAreNot() {
        assertThat(PartitionDispatcher.isOutage(new DataAccessResourceFailureException("gone")))
                .isTrue();
        assertThat(PartitionDispatcher.isOutage(new AmqpConnectException(new java.net.ConnectException("refused"))))
                .isTrue();
        assertThat(PartitionDispatcher.isOutage(new IllegalStateException("a bug")))
                .isFalse();
    }
}
