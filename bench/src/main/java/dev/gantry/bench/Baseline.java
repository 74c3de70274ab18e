package dev.gantry.bench;

import dev.gantry.worker.config.WorkerProperties;
import dev.gantry.worker.execution.ApacheHttpTransport;
import dev.gantry.worker.execution.HttpTransport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Recorder;

/**
 * The raw baseline: the benchmark's three-request flow (create, read back by id, health) sent by
 * the worker's own transport at the farm's concurrency, without templates, assertions, storage
 * or scheduling. The farm's throughput is reported as a ratio of this, measured in the same run.
 */
final class Baseline {
    /** Long enough for the JIT to compile the client's hot paths: CPU per step is measured on steady code. */
    static final Duration WARM_UP = Duration.ofSeconds(10);

    private Baseline() {}

    static Results.Baseline run(String target, int concurrency, Duration measured) throws Exception {
        WorkerProperties properties =
                new WorkerProperties(concurrency, 1, Duration.ofSeconds(5), 0, 1, concurrency * 2);
        ApacheHttpTransport transport = new ApacheHttpTransport(properties);
        Recorder latencies = new Recorder(3);
        AtomicLong steps = new AtomicLong();
        long warmUntil = System.nanoTime() + WARM_UP.toNanos();
        long endAt = warmUntil + measured.toNanos();
        ProcessCpu targetCpu = new ProcessCpu(List.of(ProcessCpu.Group.ofCommands(ProcessCpu.TARGET, "nginx")));
        // CPU from the first counted flow's start to the last flow's end: the steps counted are theirs
        AtomicReference<CpuReading> atWarm = new AtomicReference<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int t = 0; t < concurrency; t++) {
                int thread = t;
                threads.submit(() -> {
                    long row = thread;
                    while (System.nanoTime() < endAt) {
                        boolean counted = System.nanoTime() >= warmUntil;
                        if (counted && atWarm.get() == null) {
                            atWarm.compareAndSet(null, CpuReading.of(targetCpu));
                        }
                        flow(transport, target, row, counted ? latencies : null, counted ? steps : null);
                        row += concurrency;
                    }
                    return null;
                });
            }
        } finally {
            transport.destroy();
        }
        CpuReading atEnd = CpuReading.of(targetCpu);
        var histogram = latencies.getIntervalHistogram();
        double seconds = measured.toMillis() / 1000.0;
        double counted = Math.max(1, steps.get());
        return new Results.Baseline(
                concurrency,
                seconds,
                steps.get(),
                steps.get() / seconds,
                histogram.getValueAtPercentile(50) / 1000.0,
                histogram.getValueAtPercentile(99) / 1000.0,
                (atEnd.clientMs() - atWarm.get().clientMs()) / counted,
                atEnd.target().since(atWarm.get().target()).get(ProcessCpu.TARGET) / counted,
                (atEnd.jitMs() - atWarm.get().jitMs()) / counted);
    }

    /**
     * CPU milliseconds of this process (the client), of its JIT compilers (part of the client's),
     * and of the target's processes at one moment.
     */
    private record CpuReading(double clientMs, double jitMs, ProcessCpu.Reading target) {
        static CpuReading of(ProcessCpu target) {
            try {
                return new CpuReading(
                        ProcessCpu.ownCpuMs(),
                        ManagementFactory.getCompilationMXBean().getTotalCompilationTime(),
                        target.read());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static void flow(HttpTransport http, String target, long row, Recorder latencies, AtomicLong steps)
            throws Exception {
        Duration timeout = Duration.ofSeconds(10);
        HttpTransport.Answer created = timed(
                http,
                latencies,
                new HttpTransport.Outgoing(
                        "POST",
                        target + "/items",
                        Map.of("Content-Type", "application/json"),
                        "{\"name\":\"row-" + row + "\",\"price\":9.99}",
                        timeout));
        String body = created.body();
        int at = body.indexOf("\"id\":\"") + 6;
        String id = body.substring(at, body.indexOf('"', at));
        timed(http, latencies, new HttpTransport.Outgoing("GET", target + "/items/" + id, Map.of(), null, timeout));
        timed(http, latencies, new HttpTransport.Outgoing("GET", target + "/health", Map.of(), null, timeout));
        if (steps != null) {
            steps.addAndGet(3);
        }
    }

    private static HttpTransport.Answer timed(HttpTransport http, Recorder latencies, HttpTransport.Outgoing request)
            throws Exception {
        long start = System.nanoTime();
        HttpTransport.Answer answer = http.send(request);
        if (latencies != null) {
            latencies.recordValue(Math.max(1, (System.nanoTime() - start) / 1_000));
        }
        return answer;
    }
}
