package dev.gantry.controlplane.runs;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.stereotype.Component;

/**
 * Which runs this control plane may still drive. A run stops being ours when this control plane
 * is stopping (it hands its runs over) or when another one took the run over because our lease
 * lapsed (a pause longer than the lease). A run that is not ours any more may not send another
 * partition or record an end: its job stops at the next poll and leaves the run to its new owner.
 */
@Component
class RunHandover {
    /** This control plane, as {@code runs.admitted_by} names it: one per application context. */
    private final String instance = "%d@%s/%04x"
            .formatted(
                    ProcessHandle.current().pid(),
                    hostName(),
                    ThreadLocalRandom.current().nextInt(0x10000));

    private volatile boolean stopping;
    private final Set<UUID> lost = ConcurrentHashMap.newKeySet();
    private final Set<UUID> jobsHere = ConcurrentHashMap.newKeySet();

    String instance() {
        return instance;
    }

    /** Whether the run's job must stop here: this control plane hands its runs over, or lost this one. */
    boolean mustStop(UUID runId) {
        return stopping || lost.contains(runId);
    }

    boolean stopping() {
        return stopping;
    }

    void stop() {
        stopping = true;
    }

    /** Another control plane took the run over. */
    void lose(UUID runId) {
        lost.add(runId);
    }

    void jobStarted(UUID runId) {
        jobsHere.add(runId);
        lost.remove(runId);
    }

    void jobEnded(UUID runId) {
        jobsHere.remove(runId);
        synchronized (jobsHere) {
            jobsHere.notifyAll();
        }
    }

    /** Waits until no run's job runs here any more, or the timeout passes; true when none does. */
    boolean awaitNoJobs(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (jobsHere) {
            while (!jobsHere.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                jobsHere.wait(Math.max(1, left / 1_000_000));
            }
        }
        return true;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }
}
