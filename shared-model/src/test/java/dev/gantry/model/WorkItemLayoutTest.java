package dev.gantry.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WorkItemLayoutTest {
    @Test
    void withoutPinsOrPhasesSeqRunsRowByRowAsBefore() {
        RowRange all = new RowRange(0, 3);
        WorkItemLayout layout = new WorkItemLayout(List.of(all, all), false, false);

        assertThat(layout.totalItems()).isEqualTo(6);
        assertThat(layout.item(0)).isEqualTo(new WorkItem(0, 0, 0));
        assertThat(layout.item(1)).isEqualTo(new WorkItem(1, 1, 0));
        assertThat(layout.item(5)).isEqualTo(new WorkItem(5, 1, 2));
        assertThat(layout.setupSeq()).isEqualTo(-1);
        assertThat(layout.teardownSeq()).isEqualTo(-1);
    }

    @Test
    void everyChainMeetsEachOfItsRowsExactlyOnceAndRowsNeverGoBackwards() {
        // chains 0 and 2 share rows 0..3, chain 1 pins rows 4..5, chain 3 pins rows 6..8
        List<RowRange> chainRows =
                List.of(new RowRange(0, 4), new RowRange(4, 2), new RowRange(0, 4), new RowRange(6, 3));
        WorkItemLayout layout = new WorkItemLayout(chainRows, true, true);

        assertThat(layout.setupSeq()).isZero();
        assertThat(layout.mainFirstSeq()).isEqualTo(1);
        assertThat(layout.mainItems()).isEqualTo(4 * 2 + 2 + 3);
        assertThat(layout.teardownSeq()).isEqualTo(1 + 13);
        assertThat(layout.totalItems()).isEqualTo(15);

        Set<String> seen = new HashSet<>();
        List<Integer> rows = new ArrayList<>();
        for (long seq = layout.mainFirstSeq(); seq < layout.mainFirstSeq() + layout.mainItems(); seq++) {
            WorkItem item = layout.item(seq);
            RowRange range = chainRows.get(item.chainIndex());
            assertThat(item.rowIndex()).isBetween(range.first(), range.end() - 1);
            assertThat(seen.add(item.chainIndex() + "/" + item.rowIndex())).isTrue();
            rows.add(item.rowIndex());
        }
        assertThat(seen).hasSize(13);
        assertThat(rows).isSorted();
    }

    @Test
    void chainsWithoutRowsMakeNoItems() {
        WorkItemLayout layout = new WorkItemLayout(List.of(new RowRange(0, 2), new RowRange(2, 0)), false, true);

        assertThat(layout.mainItems()).isEqualTo(2);
        assertThat(layout.teardownSeq()).isEqualTo(2);
        assertThatThrownBy(() -> layout.item(2)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void overlappingRangesOfDifferentChainsAreRefused() {
        assertThatThrownBy(() -> new WorkItemLayout(List.of(new RowRange(0, 3), new RowRange(2, 3)), false, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("overlap");
    }
}
