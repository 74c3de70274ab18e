package dev.gantry.demo;

import dev.gantry.demo.sampleapi.SampleApiServer;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/** Drives one demo end to end: sample API, project and suite through the REST API, the run, summary and check. */
final class DemoRun {

    private static final long POLL_INTERVAL_MS = 250;
    private static final int FAILURE_EXAMPLES = 3;
    private static final String ENVIRONMENT_NAME = "sample-api";
    /** Where reports are saved: the launcher runs the demo from the project's folder. */
    private static final Path REPORT_DIR =
            Path.of(System.getenv().getOrDefault("GANTRY_REPORT_DIR", ".gantry/reports"));

    private static final DateTimeFormatter PROJECT_STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final DemoOptions options;
    private final PrintStream out;
    private final PrintStream err;
    private final Terminal terminal;

    DemoRun(DemoOptions options, PrintStream out, PrintStream err, Terminal terminal) {
        this.options = options;
        this.out = out;
        this.err = err;
        this.terminal = terminal;
    }

    /** Runs the demo and answers whether the run came out exactly as designed. */
    boolean execute() throws InterruptedException {
        SampleApiServer sampleApi = SampleApiServer.start(0);
        try (GantryApi api = new GantryApi(options.controlPlane(), options.apiKey())) {
            URI sampleUri = sampleApi.baseUri();
            out.println("sample API on " + sampleUri);
            String projectId = createProject(api);
            String environmentId =
                    api.createEnvironment(projectId, ENVIRONMENT_NAME, sampleUri, Map.of("Accept", "application/json"));
            out.println("environment " + ENVIRONMENT_NAME + " -> " + sampleUri);
            String suiteId = createSuite(api, projectId);

            GantryApi.TriggeredRun triggered = api.triggerRun(suiteId, environmentId);
            RunTotals expected = DemoSuite.expectedTotals(options.rows());
            out.println("run " + triggered.runId() + " " + triggered.status() + ": expecting "
                    + Format.count(expected.steps()) + " steps, " + Format.count(expected.failed())
                    + " of them failing on purpose");
            RunState finished = awaitFinish(api, triggered.runId());
            if (finished == null) {
                printLinks(api, triggered);
                return false;
            }
            report(api, finished);
            printLinks(api, triggered);
            saveHtmlReport(api, triggered.runId());
            return verify(finished, expected);
        } finally {
            // The worker may still be calling the sample API after a timeout; the demo owns it and ends it anyway.
            sampleApi.close();
        }
    }

    private String createProject(GantryApi api) throws InterruptedException {
        String name = "demo-" + LocalDateTime.now().format(PROJECT_STAMP) + "-"
                + HexFormat.of().toHexDigits((short) ThreadLocalRandom.current().nextInt());
        String id = api.createProject(name, "Created by the Gantry demo against its bundled sample API.");
        out.println("project " + name + " (" + id + ")");
        return id;
    }

    private String createSuite(GantryApi api, String projectId) throws InterruptedException {
        String suiteId = api.createSuite(projectId, DemoSuite.NAME, DemoSuite.DESCRIPTION);
        String previous = null;
        for (DemoSuite.CaseSpec spec : DemoSuite.cases()) {
            previous = api.createCase(suiteId, spec.dependingOn(previous));
        }
        List<DataRow> rows = DemoSuite.rows(options.rows());
        api.createDataSet(suiteId, DemoSuite.DATA_SET_NAME, rows);
        out.println("suite \"" + DemoSuite.NAME + "\": " + DemoSuite.CASE_COUNT + " chained cases, "
                + Format.count(rows.size()) + " data rows");
        return suiteId;
    }

    /** Polls until the run is finished, or answers null once the timeout has passed. */
    private RunState awaitFinish(GantryApi api, String runId) throws InterruptedException {
        ProgressPrinter progress = new ProgressPrinter(out, terminal.interactive(), terminal.progressStyle());
        long deadline = System.nanoTime() + options.timeout().toNanos();
        while (true) {
            RunState state = api.run(runId);
            long now = System.nanoTime();
            if (state.finished()) {
                progress.finish(state.totals(), now);
                return state;
            }
            if (now - deadline >= 0) {
                progress.finish(state.totals(), now);
                err.println("the run did not finish within " + options.timeout().toSeconds() + " s; it is still "
                        + state.status() + " with "
                        + Format.count(state.totals().done()) + " of "
                        + Format.count(state.totals().steps()) + " steps done");
                return null;
            }
            progress.update(state.totals(), now);
            Thread.sleep(POLL_INTERVAL_MS);
        }
    }

    private void report(GantryApi api, RunState run) throws InterruptedException {
        out.println();
        SummaryTable.render(run.cases(), run.totals()).forEach(out::println);
        out.println();
        out.println(SummaryTable.runLine(
                run.status(), run.durationMs(), run.totals().steps()));
        if (run.totals().failed() > 0) {
            GantryApi.FailedSteps failed = api.failedSteps(run.id(), FAILURE_EXAMPLES);
            out.println();
            out.println("first failures (" + Format.count(failed.total()) + " failed steps in all):");
            for (FailedStep step : failed.items()) {
                SummaryTable.failureLines(step, terminal.unicode()).forEach(line -> out.println("  " + line));
            }
        }
        out.println();
    }

    private void printLinks(GantryApi api, GantryApi.TriggeredRun run) {
        String statusUrl = run.statusUrl() != null ? run.statusUrl() : "/api/v1/runs/" + run.runId();
        String stepsUrl = run.stepsUrl() != null ? run.stepsUrl() : statusUrl + "/steps";
        out.println("run:   " + api.resolve(statusUrl));
        out.println("steps: " + api.resolve(stepsUrl) + "?status=failed");
    }

    /** The run's HTML report, for a browser (the API itself wants a key on every request). */
    private void saveHtmlReport(GantryApi api, String runId) throws InterruptedException {
        Path file = REPORT_DIR.resolve("run-" + runId + ".html").toAbsolutePath();
        try {
            api.download("/api/v1/runs/" + runId + "/reports/html", file);
            out.println("HTML report: " + file.toUri());
        } catch (RuntimeException e) {
            // the run's verdict is what the demo shows; a report that cannot be saved is only noted
            err.println("the HTML report could not be saved: " + e.getMessage());
        }
    }

    private boolean verify(RunState run, RunTotals expected) {
        List<String> differences = Outcome.differences(DemoSuite.expectedStatus(options.rows()), expected, run);
        if (differences.isEmpty()) {
            out.println("demo OK: " + Format.count(run.totals().steps()) + " steps, "
                    + Format.count(run.totals().failed()) + " failed on purpose, as expected");
            return true;
        }
        err.println("demo NOT OK: the run differs from what the demo suite must produce:");
        differences.forEach(difference -> err.println("  " + difference));
        return false;
    }
}
