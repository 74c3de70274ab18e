package dev.gantry.model;

import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;

/**
 * A coverage partition's slice as its execution context tells the worker (keys in {@link CoverageContext}).
 *
 * @param coverageId    the coverage report the slice contributes to
 * @param runId         the run whose step details it reads
 * @param specId        the specification whose endpoints it covers
 * @param firstPosition first endpoint position of the slice, inclusive
 * @param lastPosition  last endpoint position, inclusive (below {@code firstPosition} for an empty specification)
 */
public record CoverageSlice(UUID coverageId, UUID runId, UUID specId, int firstPosition, int lastPosition) {
    public CoverageSlice {
        Objects.requireNonNull(coverageId, "coverageId");
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(specId, "specId");
    }

    /** Reads a slice from an execution context's values, by {@link CoverageContext}'s keys. */
    public static CoverageSlice read(Function<String, Object> context) {
        return new CoverageSlice(
                UUID.fromString((String) PartitionSlice.required(context, CoverageContext.COVERAGE_ID)),
                UUID.fromString((String) PartitionSlice.required(context, CoverageContext.RUN_ID)),
                UUID.fromString((String) PartitionSlice.required(context, CoverageContext.SPEC_ID)),
                ((Number) PartitionSlice.required(context, CoverageContext.FIRST_POSITION)).intValue(),
                ((Number) PartitionSlice.required(context, CoverageContext.LAST_POSITION)).intValue());
    }
}
