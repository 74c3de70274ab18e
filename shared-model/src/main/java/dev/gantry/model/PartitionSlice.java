package dev.gantry.model;

import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;

/**
 * A run partition's slice as its execution context tells the worker (keys in {@link PartitionContext}):
 * the typed reading of what the manager's partitioner wrote.
 *
 * @param runId          the run the partition belongs to
 * @param partitionIndex 0-based index within the run; {@link PartitionContext#SETUP_INDEX} and
 *                       {@link PartitionContext#TEARDOWN_INDEX} for those slices
 * @param firstSeq       first work item seq of the slice, inclusive
 * @param lastSeq        last work item seq of the slice, inclusive
 * @param firstRow       first data row the slice needs, inclusive; null for setup and teardown, which run
 *                       without data
 * @param lastRow        last data row the slice needs, inclusive; null with {@code firstRow}
 * @param phase          {@link PartitionContext#SETUP}, {@link PartitionContext#MAIN} or {@link PartitionContext#TEARDOWN}
 * @param setupVariables the variables the setup cases extracted (sealed JSON), or null
 */
public record PartitionSlice(
        UUID runId,
        int partitionIndex,
        long firstSeq,
        long lastSeq,
        Integer firstRow,
        Integer lastRow,
        String phase,
        String setupVariables) {

    public PartitionSlice {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(phase, "phase");
        if ((firstRow == null) != (lastRow == null)) {
            throw new IllegalArgumentException("firstRow and lastRow come together");
        }
    }

    /** Reads a slice from an execution context's values, by {@link PartitionContext}'s keys. */
    public static PartitionSlice read(Function<String, Object> context) {
        return new PartitionSlice(
                UUID.fromString((String) required(context, PartitionContext.RUN_ID)),
                ((Number) required(context, PartitionContext.PARTITION_INDEX)).intValue(),
                ((Number) required(context, PartitionContext.FIRST_SEQ)).longValue(),
                ((Number) required(context, PartitionContext.LAST_SEQ)).longValue(),
                integer(context.apply(PartitionContext.FIRST_ROW)),
                integer(context.apply(PartitionContext.LAST_ROW)),
                (String) required(context, PartitionContext.PHASE),
                (String) context.apply(PartitionContext.SETUP_VARIABLES));
    }

    /** Whether this is the teardown slice, which cleans up after a cancelled or failed run too. */
    public boolean teardown() {
        return PartitionContext.TEARDOWN.equals(phase);
    }

    static Object required(Function<String, Object> context, String key) {
        Object value = context.apply(key);
        if (value == null) {
            throw new IllegalArgumentException("the partition's execution context has no " + key);
        }
        return value;
    }

    private static Integer integer(Object value) {
        return value == null ? null : ((Number) value).intValue();
    }
}
