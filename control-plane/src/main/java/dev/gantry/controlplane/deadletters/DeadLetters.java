package dev.gantry.controlplane.deadletters;

import dev.gantry.controlplane.common.NotFoundException;
import dev.gantry.controlplane.runs.PartitionFailures;
import dev.gantry.model.MessagingNames;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * The dead letters of the partition queue, as the control plane takes them off the dead-letter
 * queue: recorded with their reason (a worker's, or RabbitMQ's own), and the partition they asked
 * for failed, so its run ends instead of waiting for it.
 */
@Service
public class DeadLetters {
    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);
    /** A request is a few dozen bytes; anything past this is kept for nobody. */
    static final int MAX_BODY = 4096;

    /** A partition request given up. */
    public record DeadLetter(
            UUID id,
            Instant receivedAt,
            String reason,
            int attempts,
            String worker,
            Long stepExecutionId,
            UUID runId,
            Integer partitionIndex,
            String body) {}

    private final JdbcTemplate jdbc;
    private final PartitionFailures partitions;
    private final Clock clock;

    DeadLetters(JdbcTemplate jdbc, PartitionFailures partitions, Clock clock) {
        this.jdbc = jdbc;
        this.partitions = partitions;
        this.clock = clock;
    }

    /** Records one dead letter and fails the partition it asked for, if it names one. */
    void record(byte[] body, Map<String, Object> headers) {
        String reason = reasonOf(headers);
        Long stepExecutionId =
                headers.get(MessagingNames.DEAD_LETTER_STEP_EXECUTION) instanceof Number n ? n.longValue() : null;
        int attempts = headers.get(MessagingNames.INTAKE_ATTEMPTS) instanceof Number n ? n.intValue() : 1;
        Optional<PartitionFailures.Partition> partition =
                stepExecutionId == null ? Optional.empty() : partitions.failUnstarted(stepExecutionId, reason);
        UUID id = UUID.randomUUID();
        jdbc.update(
                """
                insert into dead_letters (id, received_at, reason, attempts, worker, step_execution_id, run_id,
                    partition_index, body) values (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                id,
                Timestamp.from(clock.instant()),
                reason,
                attempts,
                headers.get(MessagingNames.DEAD_LETTER_WORKER) instanceof String worker ? worker : null,
                stepExecutionId,
                partition.map(PartitionFailures.Partition::runId).orElse(null),
                partition.map(PartitionFailures.Partition::partitionIndex).orElse(null),
                text(body));
        log.error(
                "dead letter {}: partition request {} given up: {}",
                id,
                stepExecutionId == null ? "(unreadable)" : "for step execution " + stepExecutionId,
                reason);
    }

    /**
     * Fails the partition the dead letter asked for. PostgreSQL away sends the dead letter back to
     * its queue for another try; anything else is logged, and the dead letter is recorded anyway
     * (a dead letter that goes round for ever helps nobody).
     */
    private Optional<PartitionFailures.Partition> failPartition(Long stepExecutionId, String reason) {
        if (stepExecutionId == null) {
            return Optional.empty();
        }
        try {
            return partitions.failUnstarted(stepExecutionId, reason);
        } catch (TransientDataAccessException
                | DataAccessResourceFailureException
                | CannotCreateTransactionException e) {
            throw e;
        } catch (RuntimeException e) {
            log.error("dead letter for step execution {}: its partition could not be failed", stepExecutionId, e);
            return Optional.empty();
        }
    }

    /** Newest first; {@code before}: the received time of the oldest of the previous page. */
    public List<DeadLetter> list(Instant before, int limit) {
        return jdbc.query(
                """
                select id, received_at, reason, attempts, worker, step_execution_id, run_id, partition_index, body
                from dead_letters where received_at < ? order by received_at desc, id limit ?
                """,
                DeadLetters::row,
                Timestamp.from(before == null ? Instant.parse("9999-12-31T00:00:00Z") : before),
                limit);
    }

    public DeadLetter get(UUID id) {
        return jdbc
                .query(
                        """
                        select id, received_at, reason, attempts, worker, step_execution_id, run_id, partition_index,
                            body from dead_letters where id = ?
                        """,
                        DeadLetters::row,
                        id)
                .stream()
                .findFirst()
                .orElseThrow(() -> new NotFoundException("dead letter", id));
    }

    /** Forgets a dead letter an operator has dealt with. */
    public void delete(UUID id) {
        if (jdbc.update("delete from dead_letters where id = ?", id) == 0) {
            throw new NotFoundException("dead letter", id);
        }
    }

    /** A worker's reason, else RabbitMQ's own (a request rejected outright, or expired). */
    private static String reasonOf(Map<String, Object> headers) {
        if (headers.get(MessagingNames.DEAD_LETTER_REASON) instanceof String reason && !reason.isBlank()) {
            return reason;
        }
        Object rabbit = headers.get("x-first-death-reason");
        return "dead-lettered by RabbitMQ (" + (rabbit == null ? "no reason given" : rabbit) + ")";
    }

    private static String text(byte[] body) {
        String text = new String(body, 0, Math.min(body.length, MAX_BODY), StandardCharsets.UTF_8);
        return body.length > MAX_BODY ? text + "... (" + body.length + " bytes)" : text;
    }

    private static DeadLetter row(ResultSet rs, int i) throws SQLException {
        return new DeadLetter(
                rs.getObject(1, UUID.class),
                rs.getTimestamp(2).toInstant(),
                rs.getString(3),
                rs.getInt(4),
                rs.getString(5),
                (Long) rs.getObject(6),
                rs.getObject(7, UUID.class),
                (Integer) rs.getObject(8),
                rs.getString(9));
    }
}
