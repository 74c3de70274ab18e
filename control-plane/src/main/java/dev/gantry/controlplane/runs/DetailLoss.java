package dev.gantry.controlplane.runs;

import dev.gantry.infrastructure.RedisProperties;
import dev.gantry.model.RedisKeys;
import dev.gantry.model.StepStatus;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.redisson.api.RScoredSortedSet;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Tells whether Redis lost step details during a run (it restarted without its data, or evicted
 * them): the details present are counted against the steps PostgreSQL counted, and when some are
 * missing, the work items without any are found and named, so the run says what it lost instead
 * of silently showing fewer details. Counting costs one command per status; finding costs a
 * read of the run's indexes and is done only after a loss.
 */
@Component
class DetailLoss {
    private static final Logger log = LoggerFactory.getLogger(DetailLoss.class);
    private static final int PAGE = 10_000;
    private static final int RANGES_NAMED = 10;

    private final RedissonClient redis;
    private final RedisKeys keys;
    private final JdbcTemplate jdbc;
    private final RunStore store;

    DetailLoss(RedissonClient redis, RedisProperties properties, JdbcTemplate jdbc, RunStore store) {
        this.redis = redis;
        this.keys = properties.keys();
        this.jdbc = jdbc;
        this.store = store;
    }

    /** Records on the run how many of its {@code done} steps have no detail any more, and which. */
    void record(UUID runId, long done) {
        try {
            long present = 0;
            for (StepStatus status : StepStatus.values()) {
                present += redis.getScoredSortedSet(keys.status(runId, status), StringCodec.INSTANCE)
                        .size();
            }
            if (present >= done) {
                return;
            }
            long lost = done - present;
            String note = lost + " of " + done + " step details were lost: Redis lost them during the run (the"
                    + " totals are exact, from PostgreSQL); work items without details: " + missingWorkItems(runId);
            log.error("run {}: {}", runId, note);
            store.recordDetailsLost(runId, lost, note);
        } catch (RuntimeException e) {
            // a run's verdict never depends on its details
            log.warn("run {}: whether its step details are all in Redis could not be told ({})", runId, e.toString());
        }
    }

    /** The work items done (as PostgreSQL committed them) whose steps have no detail in Redis, as ranges. */
    private String missingWorkItems(UUID runId) {
        BitSet present = new BitSet();
        RScoredSortedSet<String> order = redis.getScoredSortedSet(keys.order(runId), StringCodec.INSTANCE);
        for (int start = 0; ; start += PAGE) {
            Collection<String> page = order.valueRange(start, start + PAGE - 1);
            for (String key : page) {
                present.set(Integer.parseInt(key.substring(0, key.indexOf(':'))));
            }
            if (page.size() < PAGE) {
                break;
            }
        }
        // the seqs of a run are contiguous: each partition did those from its first to its last done
        BitSet missing = new BitSet();
        jdbc.query(
                """
                select first_seq, last_seq_done from run_partitions
                where run_id = ? and last_seq_done >= first_seq
                """,
                rs -> {
                    for (int seq = (int) rs.getLong(1), last = (int) rs.getLong(2); seq <= last; seq++) {
                        if (!present.get(seq)) {
                            missing.set(seq);
                        }
                    }
                },
                runId);
        return ranges(missing);
    }

    static String ranges(BitSet seqs) {
        List<String> ranges = new ArrayList<>();
        int count = 0;
        for (int from = seqs.nextSetBit(0); from >= 0; from = seqs.nextSetBit(seqs.nextClearBit(from))) {
            int to = seqs.nextClearBit(from) - 1;
            if (count++ < RANGES_NAMED) {
                ranges.add(from == to ? String.valueOf(from) : from + "-" + to);
            }
        }
        if (ranges.isEmpty()) {
            return "none found (the lost ones were retried attempts or the indexes only)";
        }
        return String.join(", ", ranges)
                + (count > RANGES_NAMED ? " and " + (count - RANGES_NAMED) + " more ranges" : "");
    }
}
