package dev.gantry.bench;

import dev.gantry.client.GantryClient;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The client behind {@code ./gantry bench}. The launcher starts nginx and the farms; this program
 * measures: {@code baseline} (raw flow), {@code farm} (runs on the farm that is up), {@code report}
 * (table, verdicts and one JSON file from what the other two wrote).
 */
public final class BenchMain {
    static final JsonMapper JSON =
            JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private BenchMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: bench baseline|farm|report --name value ...");
            System.exit(2);
        }
        Options options = Options.parse(args, 1);
        switch (args[0]) {
            case "baseline" -> {
                Results.Baseline result = Baseline.run(
                        options.required("target"),
                        options.number("concurrency", 512),
                        Duration.ofSeconds(options.number("seconds", 10)));
                System.out.printf(
                        "  raw baseline: %,.0f steps/s at concurrency %d%n",
                        result.stepsPerSecond(), result.concurrency());
                JSON.writeValue(Path.of(options.required("out")).toFile(), result);
            }
            case "farm" -> {
                List<FarmBench.Worker> workers = new ArrayList<>();
                List<String> pids = options.list("worker-pids");
                List<String> urls = options.list("worker-urls");
                for (int i = 0; i < pids.size(); i++) {
                    workers.add(new FarmBench.Worker(Long.parseLong(pids.get(i)), urls.get(i)));
                }
                String controlPlane = options.required("control-plane");
                String key = Files.readString(Path.of(options.required("api-key-file")))
                        .trim();
                try (GantryClient api = GantryClient.builder(URI.create(controlPlane))
                        .apiKey(key)
                        .build()) {
                    FarmBench bench = new FarmBench(
                            api,
                            // the control plane's actuator listens on a management port of its own
                            options.required("control-plane-actuator"),
                            Long.parseLong(options.required("control-plane-pid")),
                            options.required("target"),
                            workers,
                            options.text("redis", "redis://127.0.0.1:6379"),
                            options.text("step-details", null));
                    List<Integer> rows =
                            options.list("rows").stream().map(Integer::parseInt).toList();
                    Results.Farm result = bench.measure(rows, options.number("warm-up-rows", 20_000));
                    JSON.writeValue(Path.of(options.required("out")).toFile(), result);
                }
            }
            case "report" -> {
                Path dir = Path.of(options.required("dir"));
                Path after = dir.resolve("baseline-after.json");
                Results.Baselines baseline = new Results.Baselines(
                        JSON.readValue(dir.resolve("baseline.json").toFile(), Results.Baseline.class),
                        Files.exists(after) ? JSON.readValue(after.toFile(), Results.Baseline.class) : null);
                List<Results.Farm> farms = new ArrayList<>();
                try (var files = Files.list(dir)) {
                    for (Path file : files.filter(
                                    f -> f.getFileName().toString().startsWith("farm-"))
                            .sorted()
                            .toList()) {
                        farms.add(JSON.readValue(file.toFile(), Results.Farm.class));
                    }
                }
                List<Report.Verdict> verdicts = Report.verdicts(baseline, farms);
                System.out.println();
                System.out.print(Report.table(baseline, farms));
                System.out.println();
                System.out.print(Report.cpuTable(baseline, farms));
                System.out.println();
                System.out.print(Report.verdictLines(verdicts));
                Path out = dir.resolve("bench.json");
                JSON.writeValue(
                        out.toFile(),
                        Map.of(
                                "baseline",
                                baseline.reference(),
                                "baselines",
                                baseline.readings(),
                                "farms",
                                farms,
                                "verdicts",
                                verdicts));
                System.out.println("\nJSON: " + out);
            }
            default -> {
                System.err.println("unknown bench command " + args[0]);
                System.exit(2);
            }
        }
        System.exit(0);
    }
}
