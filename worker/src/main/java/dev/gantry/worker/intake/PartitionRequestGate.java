package dev.gantry.worker.intake;

import dev.gantry.worker.config.WorkerProperties;
import dev.gantry.worker.summary.PartitionTakenOverException;
import java.net.SocketException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.ImmediateRequeueAmqpException;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.integration.partition.StepExecutionRequest;
import org.springframework.dao.DataAccessException;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.messaging.support.GenericMessage;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionException;

/**
 * Between RabbitMQ and the worker step: executes a partition request only while the manager still
 * waits for that partition, and sends a request back to the queue when PostgreSQL could not be
 * reached, so that the partition resumes from its last committed chunk once it can.
 *
 * <ul>
 *   <li>A request for a partition that already ended (a redelivery after the manager saw it end)
 *       is acknowledged and dropped: nothing of an ended run is ever counted again. A request
 *       delivered again while its first execution still runs (that worker lost RabbitMQ) takes
 *       the partition over, and the first execution can commit nothing more; on the same worker
 *       (a new consumer after a lost connection) it waits in the queue until the first ends.
 *   <li>PostgreSQL unreachable while the request is taken or the step starts: back to the queue
 *       after a pause (not to the dead letters, where the run would wait for it forever).
 *   <li>The step failed because PostgreSQL went away mid-chunk, or its end could not be recorded
 *       (Spring Batch's UNKNOWN): the partition stays running for the manager, at its last
 *       committed chunk ({@link PartitionWorkItems}), and the request goes back to the queue to
 *       resume from there.
 *   <li>The step could not even begin (its first save failed): Spring Batch's request handler
 *       keeps that failure to itself and answers the execution it could not save, which the gate
 *       reads on the worker step's output channel. Acknowledged, the request would leave its
 *       partition running for the manager with nobody executing it, and the run waiting for good;
 *       so it goes back to the queue, uncounted when PostgreSQL is behind it, counted towards the
 *       dead letters otherwise.
 * </ul>
 *
 * <p>Every worker step has the gate among its listeners: whether its {@link #afterStep} ran is how
 * the gate tells a step that began from one that could not.
 */
@Component
public class PartitionRequestGate implements StepExecutionListener {
    private static final Logger log = LoggerFactory.getLogger(PartitionRequestGate.class);
    /** What the manager counts as still running (see the control plane's PartitionDispatcher). */
    private static final List<String> RUNNING = List.of("STARTING", "STARTED", "STOPPING");

    /**
     * What the delivery under way on this thread learns: the step's listeners and the request
     * handler's answer (a direct channel) run on the thread that delivers.
     */
    private static final ThreadLocal<Delivery> DELIVERY = new ThreadLocal<>();

    /**
     * Step executions running in this process. Static on purpose: Spring Batch keeps step scopes in
     * a process-wide registry keyed by the step execution, so two executions of one step execution
     * in one process share their step-scoped reader and writer, whichever application context they
     * run in (several worker contexts share a process in the integration tests).
     */
    private static final Set<Long> runningHere = ConcurrentHashMap.newKeySet();

    private final DirectChannel partitionIntake;
    private final JdbcTemplate jdbc;
    private final Duration pause;

    PartitionRequestGate(
            DirectChannel partitionIntake,
            DirectChannel partitionOutcomes,
            JdbcTemplate jdbc,
            WorkerProperties properties) {
        this.partitionIntake = partitionIntake;
        this.jdbc = jdbc;
        this.pause = properties.requeuePause();
        partitionOutcomes.subscribe(message -> {
            Delivery delivery = DELIVERY.get();
            if (delivery != null && message.getPayload() instanceof StepExecution outcome) {
                delivery.outcome = outcome;
            }
        });
    }

    void deliver(StepExecutionRequest request) {
        String status;
        try {
            status = jdbc.queryForObject(
                    "select status from batch_step_execution where step_execution_id = ?",
                    String.class,
                    request.getStepExecutionId());
        } catch (RuntimeException e) {
            throw unreachable(request, e);
        }
        if (!RUNNING.contains(status)) {
            log.info(
                    "partition request for step execution {} dropped: it already ended {}",
                    request.getStepExecutionId(),
                    status);
            return;
        }
        if (!runningHere.add(request.getStepExecutionId())) {
            // after a lost connection RabbitMQ hands the request to a new consumer in this same
            // process while the first execution still runs; see runningHere
            throw requeue(request, "it is still running on this worker", null);
        }
        Delivery delivery = new Delivery();
        DELIVERY.set(delivery);
        try {
            partitionIntake.send(new GenericMessage<>(request));
        } catch (RuntimeException e) {
            if (transientDatabaseTrouble(e)) {
                throw unreachable(request, e);
            }
            throw e;
        } finally {
            runningHere.remove(request.getStepExecutionId());
            DELIVERY.remove();
            if (delivery.unrecorded) {
                throw requeue(request, "PostgreSQL went away while it ran", null);
            }
        }
        checkEnded(request, delivery);
    }

    /**
     * Sends the request back when the step failed before it began: nothing of it was saved, so the
     * manager still sees the partition running, and only a new delivery can end it. (A step that
     * began saves its end before its listeners run and once more after them; when the first save
     * fails, {@link #afterStep} sees Spring Batch's UNKNOWN.)
     */
    private void checkEnded(StepExecutionRequest request, Delivery delivery) {
        StepExecution outcome = delivery.outcome;
        if (outcome == null || outcome.getFailureExceptions().stream().anyMatch(PartitionRequestGate::takenOver)) {
            return; // no answer (nothing ran), or a later execution carries the partition on
        }
        if (!delivery.ended && outcome.getStatus() == BatchStatus.FAILED) {
            Throwable why = outcome.getFailureExceptions().isEmpty()
                    ? null
                    : outcome.getFailureExceptions().getLast();
            if (why == null || transientDatabaseTrouble(why)) {
                throw requeue(request, "PostgreSQL could not be reached as the step began", why);
            }
            // counted by the intake: a step that can never begin ends in the dead letters, named
            throw new IllegalStateException("the worker step could not begin: " + why, why);
        }
    }

    /**
     * A partition resumed after PostgreSQL went away carries the lost attempt's FAILED (or UNKNOWN)
     * exit status, which afterStep kept running. Spring Batch ends a step with the most severe exit
     * status it has seen (COMPLETED and the one it started with), so left alone that old failure
     * would fail the manager's phase after the resumed partition completed every step.
     */
    @Override
    public void beforeStep(StepExecution stepExecution) {
        String exitCode = stepExecution.getExitStatus().getExitCode();
        if (ExitStatus.FAILED.getExitCode().equals(exitCode)
                || ExitStatus.UNKNOWN.getExitCode().equals(exitCode)) {
            log.info(
                    "step execution {} resumes: the exit status of its lost attempt ({}) is cleared",
                    stepExecution.getId(),
                    exitCode);
            stepExecution.setExitStatus(ExitStatus.EXECUTING);
        }
    }

    @Override
    public ExitStatus afterStep(StepExecution stepExecution) {
        Delivery delivery = DELIVERY.get();
        if (delivery != null) {
            delivery.ended = true;
        }
        if (stepExecution.getFailureExceptions().stream().anyMatch(PartitionRequestGate::takenOver)) {
            return null; // the later execution carries the partition on; nothing to send back
        }
        boolean unrecorded = stepExecution.getStatus() == BatchStatus.UNKNOWN;
        boolean lostDatabase = stepExecution.getStatus() == BatchStatus.FAILED
                && stepExecution.getFailureExceptions().stream()
                        .anyMatch(PartitionRequestGate::transientDatabaseTrouble);
        if (unrecorded || lostDatabase) {
            // what the step saves next must not end the partition for the manager: it is still
            // running, at its last committed chunk, and resumes from there
            stepExecution.setStatus(BatchStatus.STARTED);
            if (delivery != null) {
                delivery.unrecorded = true;
            }
        }
        return null;
    }

    private ImmediateRequeueAmqpException unreachable(StepExecutionRequest request, RuntimeException cause) {
        return requeue(
                request, "PostgreSQL could not be reached (" + cause.getClass().getSimpleName() + ")", cause);
    }

    private ImmediateRequeueAmqpException requeue(StepExecutionRequest request, String why, Throwable cause) {
        log.warn(
                "partition request for step execution {} goes back to the queue in {}: {}",
                request.getStepExecutionId(),
                pause,
                why);
        try {
            Thread.sleep(pause); // not straight back: give PostgreSQL time to return
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new ImmediateRequeueAmqpException(why, cause);
    }

    private static boolean takenOver(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof PartitionTakenOverException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether PostgreSQL (or the way to it) is behind the failure. Any data access, transaction or
     * SQL failure counts: when the database has just gone away they come wrapped in many forms (a
     * failed rollback hides the failed statement), and a request sent back to the queue costs a
     * pause, while one sent to the dead letters leaves its run waiting for good.
     */
    public static boolean transientDatabaseTrouble(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof DataAccessException
                    || t instanceof TransactionException
                    || t instanceof SQLException
                    || t instanceof SocketException) {
                return true;
            }
        }
        return false;
    }

    /** One delivery's view of its step: whether it ended, whether that end is unrecorded, its answer. */
    private static final class Delivery {
        boolean ended;
        boolean unrecorded;
        StepExecution outcome;
    }
}
