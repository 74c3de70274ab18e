package dev.gantry.controlplane.runs;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Removes what a plan no longer keeps. When a run's details expire (its plan's RetentionDays,
 * the same moment Redis drops its step details), the bulky rows go: work items, partitions, the
 * frozen snapshot (with its data rows) and the run's Spring Batch records. The summary (the run
 * row with its totals and timings, and the per-case results) stays for
 * {@code gantry.runs.summary-retention}, then goes too. Ended runs only; a batch of runs per
 * transaction, so a large backlog never holds one long transaction; safe on several control
 * planes at once (deleting what is already gone deletes nothing). Each table's rows are deleted by
 * its owner; the Spring Batch tables, which only Spring Batch's JobRepository writes besides, here.
 *
 * <p>The other jobs (case generation, coverage) keep what they produced in tables of their own,
 * and nothing restarts or reads their Spring Batch records once they ended: those go
 * {@code gantry.runs.job-record-retention} after the job ended (or, for one a dead control plane
 * left unended, after it was created).
 */
@Component
public class RetentionPurge {
    private static final Logger log = LoggerFactory.getLogger(RetentionPurge.class);
    private static final int BATCH = 200;
    private static final String ENDED = "('PASSED', 'FAILED', 'CANCELLED', 'ERROR')";

    private final JdbcTemplate jdbc;
    private final RunStore store;
    private final PartitionStore partitions;
    private final TransactionTemplate transactions;
    private final RunsProperties properties;
    private final Clock clock;
    private final TaskScheduler scheduler;
    private ScheduledFuture<?> ticking;

    RetentionPurge(
            JdbcTemplate jdbc,
            RunStore store,
            PartitionStore partitions,
            TransactionTemplate transactions,
            RunsProperties properties,
            Clock clock,
            TaskScheduler scheduler) {
        this.jdbc = jdbc;
        this.store = store;
        this.partitions = partitions;
        this.transactions = transactions;
        this.properties = properties;
        this.clock = clock;
        this.scheduler = scheduler;
    }

    /** Every {@code gantry.runs.purge-interval}, the first one interval after start. */
    @PostConstruct
    void start() {
        ticking = scheduler.scheduleWithFixedDelay(
                this::scheduled,
                scheduler.getClock().instant().plus(properties.purgeInterval()),
                properties.purgeInterval());
    }

    @PreDestroy
    void stop() {
        ticking.cancel(true);
    }

    void scheduled() {
        try {
            purge();
        } catch (RuntimeException e) {
            log.warn("retention purge failed, the next one tries again: {}", e.toString());
        }
    }

    /** Purges until nothing expired is left; answers the runs whose details and summaries went. */
    public Purged purge() {
        Instant now = clock.instant();
        long details = 0;
        long summaries = 0;
        long otherJobs = 0;
        for (int n; (n = purgeDetails(now)) > 0; ) {
            details += n;
        }
        for (int n; (n = purgeSummaries(now)) > 0; ) {
            summaries += n;
        }
        for (int n; (n = purgeOtherJobs(now)) > 0; ) {
            otherJobs += n;
        }
        if (details + summaries + otherJobs > 0) {
            log.info(
                    "retention purge: details of {} runs, summaries of {} runs and the records of {} other jobs removed",
                    details,
                    summaries,
                    otherJobs);
        }
        return new Purged(details, summaries, otherJobs);
    }

    /**
     * What one purge removed.
     *
     * @param details   runs whose details went
     * @param summaries runs that went altogether
     * @param otherJobs job executions of generation and coverage jobs whose Spring Batch records went
     */
    public record Purged(long details, long summaries, long otherJobs) {}

    private int purgeDetails(Instant now) {
        return transactions.execute(status -> {
            List<UUID> runs = jdbc.queryForList(
                    "select id from runs where status in " + ENDED
                            + " and results_expire_at < ? and exists (select 1 from run_snapshots s where s.run_id = runs.id)"
                            + " limit " + BATCH + " for update skip locked",
                    UUID.class,
                    Timestamp.from(now));
            if (runs.isEmpty()) {
                return 0;
            }
            UUID[] ids = runs.toArray(UUID[]::new);
            partitions.delete(ids);
            store.deleteSnapshots(ids);
            deleteBatchRecords(ids);
            return runs.size();
        });
    }

    private int purgeSummaries(Instant now) {
        return transactions.execute(status -> {
            List<UUID> runs = jdbc.queryForList(
                    "select id from runs where status in " + ENDED + " and finished_at < ?" + " limit " + BATCH
                            + " for update skip locked",
                    UUID.class,
                    Timestamp.from(now.minus(properties.summaryRetention())));
            if (runs.isEmpty()) {
                return 0;
            }
            UUID[] ids = runs.toArray(UUID[]::new);
            deleteBatchRecords(ids);
            // work items, partitions, snapshots and case results go with the run (on delete cascade)
            store.delete(ids);
            return runs.size();
        });
    }

    private int purgeOtherJobs(Instant now) {
        return transactions.execute(status -> {
            Long[] jobs = jdbc.queryForList(
                            """
                            select e.job_execution_id from batch_job_execution e
                            join batch_job_instance i on i.job_instance_id = e.job_instance_id
                            where i.job_name <> ? and coalesce(e.end_time, e.create_time) < ?
                            limit %d for update of e skip locked
                            """
                                    .formatted(BATCH),
                            Long.class,
                            RunJobConfiguration.JOB_NAME,
                            Timestamp.from(now.minus(properties.jobRecordRetention())))
                    .toArray(Long[]::new);
            deleteExecutions(jobs);
            return jobs.length;
        });
    }

    /** The runs' job executions with their steps and contexts. */
    private void deleteBatchRecords(UUID[] runIds) {
        // every execution of the runs' job instances: a run taken over was restarted
        Long[] jobs = jdbc.queryForList(
                        """
                        select e.job_execution_id from batch_job_execution e where e.job_instance_id in
                            (select j.job_instance_id from batch_job_execution j join runs r
                                on r.job_execution_id = j.job_execution_id where r.id = any (?))
                        """,
                        Long.class,
                        (Object) runIds)
                .toArray(Long[]::new);
        deleteExecutions(jobs);
    }

    /** Job executions, their steps and contexts, and job instances left without executions. */
    private void deleteExecutions(Long[] jobs) {
        if (jobs.length == 0) {
            return;
        }
        jdbc.update(
                """
                delete from batch_step_execution_context where step_execution_id in
                    (select step_execution_id from batch_step_execution where job_execution_id = any (?))
                """,
                (Object) jobs);
        jdbc.update("delete from batch_step_execution where job_execution_id = any (?)", (Object) jobs);
        jdbc.update("delete from batch_job_execution_context where job_execution_id = any (?)", (Object) jobs);
        jdbc.update("delete from batch_job_execution_params where job_execution_id = any (?)", (Object) jobs);
        List<Long> instances = jdbc.queryForList(
                "delete from batch_job_execution where job_execution_id = any (?) returning job_instance_id",
                Long.class,
                (Object) jobs);
        jdbc.update(
                """
                delete from batch_job_instance i where i.job_instance_id = any (?)
                and not exists (select 1 from batch_job_execution e where e.job_instance_id = i.job_instance_id)
                """,
                (Object) instances.toArray(Long[]::new));
    }
}
