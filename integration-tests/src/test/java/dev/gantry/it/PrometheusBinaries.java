package dev.gantry.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where {@code prometheus} and {@code promtool} are: {@code GANTRY_PROMETHEUS_BIN} (a directory, as
 * {@code ./gantry test} sets it), the PATH, or {@code .gantry/tools/prometheus} where
 * {@code ./gantry prometheus} unpacks Debian's package. Never a skip: without them the test fails and
 * says how to get them.
 */
record PrometheusBinaries(Path prometheus, Path promtool) {

    static PrometheusBinaries find() {
        List<Path> candidates = new ArrayList<>();
        String configured = System.getenv("GANTRY_PROMETHEUS_BIN");
        if (configured != null && !configured.isBlank()) {
            candidates.add(Path.of(configured));
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!dir.isBlank()) {
                candidates.add(Path.of(dir));
            }
        }
        candidates.add(MetricReferences.ROOT.resolve(".gantry/tools/prometheus/usr/bin"));
        for (Path dir : candidates) {
            Path prometheus = dir.resolve("prometheus");
            Path promtool = dir.resolve("promtool");
            if (Files.isExecutable(prometheus) && Files.isExecutable(promtool)) {
                return new PrometheusBinaries(prometheus, promtool);
            }
        }
        throw new AssertionError("prometheus and promtool were not found (GANTRY_PROMETHEUS_BIN, PATH, "
                + ".gantry/tools/prometheus). Run `./gantry prometheus` to unpack Debian's prometheus package there"
                + " (or `apt-get install prometheus`), then run the tests again; `./gantry test` does it by itself.");
    }
}
