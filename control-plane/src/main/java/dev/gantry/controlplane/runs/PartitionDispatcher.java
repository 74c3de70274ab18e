package dev.gantry.controlplane.runs;

import dev.gantry.model.MessagingNames;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Predicate;
import org.redisson.client.RedisException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.support.AmqpMessageHeaderAccessor;
import org.springframework.batch.core.job.JobInterruptedException;
import org.springframework.batch.core.partition.support.AbstractPartitionHandler;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.integration.partition.StepExecutionRequest;
import org.springframework.dao.DataAccessException;
import org.springframework.integration.core.MessagingTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.transaction.TransactionException;

/**
 * Remote partitioning in polling mode: sends one {@link StepExecutionRequest} per partition to the
 * request channel (RabbitMQ), then polls the JobRepository until no partition is running. A
 * tenant's plan may cap the partitions it has out at once (MaxParallelPartitions): then each
 * partition is sent only with a permit from the tenant's lease-based Redis semaphore, shared by
 * all its runs and coverage jobs on all control planes, and the next is sent when one finishes;
 * the others wait in the control plane, not in the queue, so they never hold up other tenants'
 * partitions.
 *
 * <p>It does what Spring Batch's {@code MessageChannelPartitionHandler} does in polling mode, with
 * a cheaper poll: that one reloads the job execution with every step execution and its execution
 * context at each poll (a query and a deserialization per partition, several times a second);
 * this one asks one count of the partitions still running, and loads the step executions once,
 * when they are done. Workers are the unchanged Spring Batch worker steps.
 */
public class PartitionDispatcher extends AbstractPartitionHandler {
    private static final Logger log = LoggerFactory.getLogger(PartitionDispatcher.class);
    private static final String RUNNING =
            """
            select step_execution_id from batch_step_execution
            where step_execution_id = any (?) and status in ('STARTING', 'STARTED', 'STOPPING')
            """;

    /**
     * Failed partitions whose worker recorded no reason beside their counters: a worker that lost
     * PostgreSQL saves its partition FAILED before its listeners put it back to running (Spring
     * Batch saves a step's end before and after them), and the second save may wait for a
     * connection as long as the outage lasts. A partition that really failed has its reason in
     * {@code run_partitions}, a coverage slice in {@code worker_step_failures}, written by the worker
     * as it ends.
     */
    private static final String FAILED_WITHOUT_REASON =
            """
            select b.step_execution_id from batch_step_execution b
            where b.step_execution_id = any (?) and b.status in ('FAILED', 'UNKNOWN')
              and not exists (select 1 from run_partitions p
                              where p.step_execution_id = b.step_execution_id and p.error is not null)
              and not exists (select 1 from worker_step_failures f where f.step_execution_id = b.step_execution_id)
            """;

    private final MessagingTemplate requests;
    private final String workerStep;
    private final JobRepository jobRepository;
    private final JdbcTemplate jdbc;
    private final PartitionPermits permits;
    private final Function<StepExecution, UUID> tenantOf;
    private final Predicate<StepExecution> mustStop;
    private final Duration pollInterval;
    private final Duration timeout;
    private final Duration tolerance;

    /**
     * A dispatcher of another job's partitions (the coverage job's), held to the same tenant's
     * permits as its runs.
     *
     * @param tenantOf the tenant whose partitions these are, from the manager step's execution
     */
    public PartitionDispatcher(
            MessageChannel requests,
            String workerStep,
            JobRepository jobRepository,
            JdbcTemplate jdbc,
            PartitionPermits permits,
            Function<StepExecution, UUID> tenantOf,
            RunsProperties properties) {
        this(requests, workerStep, jobRepository, jdbc, permits, tenantOf, manager -> false, properties);
    }

    private PartitionDispatcher(
            MessageChannel requests,
            String workerStep,
            JobRepository jobRepository,
            JdbcTemplate jdbc,
            PartitionPermits permits,
            Function<StepExecution, UUID> tenantOf,
            Predicate<StepExecution> mustStop,
            RunsProperties properties) {
        this.mustStop = mustStop;
        this.requests = new MessagingTemplate(requests);
        this.workerStep = workerStep;
        this.jobRepository = jobRepository;
        this.jdbc = jdbc;
        this.permits = permits;
        this.tenantOf = tenantOf;
        this.pollInterval = properties.pollInterval();
        this.timeout = properties.partitionTimeout();
        this.tolerance = properties.outageTolerance();
    }

    /**
     * A run's dispatcher: the run's tenant's plan caps its partitions out at once, and it stops
     * (the job with it) when its run is handed over to another control plane.
     */
    PartitionDispatcher(
            MessageChannel requests,
            String workerStep,
            JobRepository jobRepository,
            JdbcTemplate jdbc,
            PartitionPermits permits,
            RunHandover handover,
            RunsProperties properties) {
        this(
                requests,
                workerStep,
                jobRepository,
                jdbc,
                permits,
                manager -> permits.tenantOfRun(runId(manager)),
                manager -> handover.mustStop(runId(manager)),
                properties);
    }

    private static UUID runId(StepExecution manager) {
        return UUID.fromString(manager.getJobExecution().getJobParameters().getString(RunLauncher.RUN_ID));
    }

    @Override
    protected Set<StepExecution> doHandle(StepExecution manager, Set<StepExecution> partitions) throws Exception {
        if (partitions.isEmpty()) {
            return partitions;
        }
        PartitionPermits.Tenant tenant = permits.forTenant(tenantOf.apply(manager));
        Deque<StepExecution> waiting = new ArrayDeque<>(partitions.stream()
                .sorted(Comparator.comparing(StepExecution::getStepName))
                .toList());
        List<Long> ids = partitions.stream().map(StepExecution::getId).toList();
        Map<Long, String> out = new HashMap<>();
        long sent = 0;
        long deadline = System.nanoTime() + timeout.toNanos();
        Outage outage = new Outage();
        Map<Long, Long> failedSince = new HashMap<>();
        try {
            while (true) {
                if (mustStop.test(manager)) {
                    // partitions out go on on the workers; the control plane taking over waits for them
                    throw new JobInterruptedException("the run was handed over to another control plane");
                }
                try {
                    sent = sendWhilePermitted(waiting, tenant, out, sent);
                    // one read per tick tells both whether all ended and which permits to give back
                    Set<Long> running = waiting.isEmpty() || !out.isEmpty() ? running(ids) : Set.of();
                    // unsent partitions are STARTING too: count only once everything is out
                    if (waiting.isEmpty() && running.isEmpty() && failuresSettled(ids, failedSince)) {
                        break;
                    }
                    if (!out.isEmpty()) {
                        tenant.release(endedOf(out, running));
                        tenant.renew(out.values());
                    }
                    outage.over();
                } catch (RuntimeException e) {
                    outage.survive(e);
                }
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException("partitions still running after " + timeout);
                }
                Thread.sleep(pollInterval);
            }
        } finally {
            tenant.release(List.copyOf(out.values()));
        }
        while (true) {
            try {
                Set<StepExecution> finished = new HashSet<>();
                for (Long id : ids) {
                    finished.add(jobRepository.getStepExecution(id));
                }
                return finished;
            } catch (RuntimeException e) {
                outage.survive(e);
                Thread.sleep(pollInterval);
            }
        }
    }

    /** Sends waiting partitions while the tenant has permits; a partition whose send failed stays waiting. */
    private long sendWhilePermitted(
            Deque<StepExecution> waiting, PartitionPermits.Tenant tenant, Map<Long, String> out, long sent)
            throws InterruptedException {
        while (!waiting.isEmpty()) {
            String permit = tenant.tryAcquire();
            if (permit == null) {
                break;
            }
            StepExecution next = waiting.peek();
            try {
                // no reply headers: results are read from the JobRepository, never from replies
                requests.send(MessageBuilder.withPayload(new StepExecutionRequest(workerStep, next.getId()))
                        .setHeader(AmqpMessageHeaderAccessor.PRIORITY, MessagingNames.partitionPriority(sent))
                        .build());
            } catch (RuntimeException e) {
                tenant.releaseQuietly(permit);
                throw e;
            }
            waiting.poll();
            sent++;
            if (!tenant.unlimited()) {
                out.put(next.getId(), permit);
            }
        }
        return sent;
    }

    /**
     * Rides out a service that went away (PostgreSQL restarted, RabbitMQ or Redis unreachable): the
     * manager keeps trying at each poll, for up to the outage tolerance; the workers ride it out on
     * their own. Anything else, or an outage that lasts longer, fails the run as before.
     */
    private final class Outage {
        private long since = -1;

        void survive(RuntimeException e) {
            if (!isOutage(e)) {
                throw e;
            }
            long now = System.nanoTime();
            if (since < 0) {
                since = now;
                log.warn("partitions' manager lost a service ({}); trying again for up to {}", e.toString(), tolerance);
            } else if (now - since > tolerance.toNanos()) {
                throw e;
            }
        }

        void over() {
            if (since >= 0) {
                log.info(
                        "partitions' manager reached its services again after {} ms",
                        (System.nanoTime() - since) / 1_000_000);
                since = -1;
            }
        }
    }

    static boolean isOutage(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof DataAccessException
                    || t instanceof TransactionException
                    || t instanceof AmqpException
                    || t instanceof RedisException
                    || t instanceof java.sql.SQLException
                    || t instanceof java.net.SocketException) {
                return true;
            }
        }
        return false;
    }

    /** The partitions among {@code ids} that are starting, running or stopping. */
    private Set<Long> running(List<Long> ids) {
        return new HashSet<>(jdbc.queryForList(RUNNING, Long.class, (Object) ids.toArray(Long[]::new)));
    }

    /**
     * Whether every failed partition is failed for good: its reason is recorded, or it stayed failed
     * for the outage tolerance (measured here, on this control plane's clock), the time a worker
     * rides an outage out before its partition turns back to running.
     */
    private boolean failuresSettled(List<Long> ids, Map<Long, Long> failedSince) {
        List<Long> unexplained =
                jdbc.queryForList(FAILED_WITHOUT_REASON, Long.class, (Object) ids.toArray(Long[]::new));
        failedSince.keySet().retainAll(unexplained);
        long now = System.nanoTime();
        boolean settled = true;
        for (Long id : unexplained) {
            if (failedSince.putIfAbsent(id, now) == null) {
                log.info("partition {} failed without a reason: waiting up to {} for it to resume", id, tolerance);
            }
            settled &= now - failedSince.get(id) >= tolerance.toNanos();
        }
        return settled;
    }

    /** Takes the partitions that ended out of {@code out} and answers their permits. */
    private static List<String> endedOf(Map<Long, String> out, Set<Long> running) {
        List<String> released = new ArrayList<>();
        for (Iterator<Map.Entry<Long, String>> i = out.entrySet().iterator(); i.hasNext(); ) {
            Map.Entry<Long, String> sent = i.next();
            if (!running.contains(sent.getKey())) {
                released.add(sent.getValue());
                i.remove();
            }
        }
        return released;
    }
}
