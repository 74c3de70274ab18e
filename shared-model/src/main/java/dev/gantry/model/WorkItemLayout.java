package dev.gantry.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each work item of a run sits in seq order. Chains that run with the same rows form a
 * group; groups follow each other by their first row, and inside a group seq runs row by row, so a
 * contiguous slice of seqs holds whole chains of a contiguous range of rows and a partition loads
 * only that range. The run-once setup item comes first (seq 0) and the teardown item last.
 *
 * <pre>
 *   [setup] [group A: row r, chains a1..an; row r+1 ...] [group B ...] [teardown]
 * </pre>
 */
public final class WorkItemLayout {
    /** Chains sharing one row range, placed from {@code firstSeq}. */
    public record Group(RowRange rows, int[] chainIndexes, long firstSeq) {
        public long items() {
            return (long) rows.count() * chainIndexes.length;
        }
    }

    private final List<Group> groups;
    private final boolean setup;
    private final boolean teardown;
    private final long mainItems;

    public WorkItemLayout(List<RowRange> chainRows, boolean setup, boolean teardown) {
        this.setup = setup;
        this.teardown = teardown;
        Map<RowRange, List<Integer>> byRange = new LinkedHashMap<>();
        for (int chain = 0; chain < chainRows.size(); chain++) {
            byRange.computeIfAbsent(chainRows.get(chain), r -> new ArrayList<>())
                    .add(chain);
        }
        List<RowRange> ranges = new ArrayList<>(byRange.keySet());
        ranges.removeIf(r -> r.count() == 0);
        ranges.sort(Comparator.comparingInt(RowRange::first));
        List<Group> placed = new ArrayList<>();
        long seq = setup ? 1 : 0;
        int end = 0;
        for (RowRange range : ranges) {
            if (range.first() < end) {
                throw new IllegalArgumentException("row ranges of different chains overlap: " + ranges);
            }
            int[] chains =
                    byRange.get(range).stream().mapToInt(Integer::intValue).toArray();
            Group group = new Group(range, chains, seq);
            placed.add(group);
            seq += group.items();
            end = range.end();
        }
        this.groups = List.copyOf(placed);
        this.mainItems = seq - (setup ? 1 : 0);
    }

    public WorkItemLayout(RunSnapshot snapshot) {
        this(
                snapshot.chainRows(),
                !snapshot.setup().isEmpty(),
                !snapshot.teardown().isEmpty());
    }

    /** The chain index of the setup cases, after a run's {@code chainCount} chains. */
    public static int setupChain(int chainCount) {
        return chainCount;
    }

    /** The chain index of the teardown cases. */
    public static int teardownChain(int chainCount) {
        return chainCount + 1;
    }

    public List<Group> groups() {
        return groups;
    }

    /** Seq of the first main (neither setup nor teardown) work item. */
    public long mainFirstSeq() {
        return setup ? 1 : 0;
    }

    /** Work items besides setup and teardown. */
    public long mainItems() {
        return mainItems;
    }

    /** Seq of the setup item, or -1 when the run has none. */
    public long setupSeq() {
        return setup ? 0 : -1;
    }

    /** Seq of the teardown item, or -1 when the run has none. */
    public long teardownSeq() {
        return teardown ? mainFirstSeq() + mainItems : -1;
    }

    public long totalItems() {
        return mainItems + (setup ? 1 : 0) + (teardown ? 1 : 0);
    }

    /** The work item at a main seq. */
    public WorkItem item(long seq) {
        Group group = groupOf(seq);
        long offset = seq - group.firstSeq();
        int chains = group.chainIndexes().length;
        return new WorkItem(
                seq, group.chainIndexes()[(int) (offset % chains)], group.rows().first() + (int) (offset / chains));
    }

    /** The data row of a main seq. */
    public int rowOf(long seq) {
        return item(seq).rowIndex();
    }

    private Group groupOf(long seq) {
        if (seq < mainFirstSeq() || seq >= mainFirstSeq() + mainItems) {
            throw new IllegalArgumentException("seq " + seq + " is not a main work item");
        }
        int low = 0;
        int high = groups.size() - 1;
        while (low < high) {
            int mid = (low + high + 1) >>> 1;
            if (groups.get(mid).firstSeq() <= seq) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        return groups.get(low);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("WorkItemLayout[setup=" + setup + ", teardown=" + teardown);
        groups.forEach(g -> text.append(", ")
                .append(g.rows())
                .append(Arrays.toString(g.chainIndexes()))
                .append("@")
                .append(g.firstSeq()));
        return text.append(']').toString();
    }
}
