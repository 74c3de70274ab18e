package dev.gantry.worker.execution;

import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hc.core5.concurrent.Cancellable;
import org.springframework.stereotype.Component;

/**
 * The HTTP requests under way, by run, so that a cancelled run's calls can be aborted at once
 * instead of waiting for their answers or timeouts. The run is known from the thread: a chain runs
 * on a virtual thread of its own, which {@link ChainProcessor} marks with its run.
 */
@Component
public class InFlightRequests {
    private static final ThreadLocal<UUID> CURRENT_RUN = new ThreadLocal<>();

    private final Map<UUID, Set<Cancellable>> byRun = new ConcurrentHashMap<>();

    /** A registration to close when the request is over. */
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }

    static void enter(UUID runId) {
        CURRENT_RUN.set(runId);
    }

    static void leave() {
        CURRENT_RUN.remove();
    }

    /** Tracks a request of the current thread's run (nothing to track outside a run, e.g. in the benchmark). */
    Registration register(Cancellable request) {
        UUID runId = CURRENT_RUN.get();
        if (runId == null) {
            return () -> {};
        }
        Set<Cancellable> requests = byRun.computeIfAbsent(runId, id -> ConcurrentHashMap.newKeySet());
        requests.add(request);
        return () -> {
            requests.remove(request);
            if (requests.isEmpty()) {
                byRun.remove(runId, requests);
            }
        };
    }

    /** How many requests (and bounded regular expressions) of the run are under way. */
    int underWay(UUID runId) {
        Set<Cancellable> requests = byRun.get(runId);
        return requests == null ? 0 : requests.size();
    }

    /** Aborts every request of the run now under way; answers how many. */
    public int abort(UUID runId) {
        Set<Cancellable> requests = byRun.remove(runId);
        if (requests == null) {
            return 0;
        }
        int aborted = 0;
        for (Cancellable request : requests) {
            if (request.cancel()) {
                aborted++;
            }
        }
        return aborted;
    }
}
