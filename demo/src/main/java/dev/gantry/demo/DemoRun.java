package dev.gantry.demo;

import dev.gantry.client.GantryClient;
import dev.gantry.client.NewCase;
import dev.gantry.client.NewDataSet;
import dev.gantry.client.NewEnvironment;
import dev.gantry.client.NewProject;
import dev.gantry.client.NewSuite;
import dev.gantry.client.StepPage;
import dev.gantry.client.TriggerRun;
import dev.gantry.client.TriggeredRun;
import dev.gantry.demo.sampleapi.SampleApiServer;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
        try (GantryClient api = GantryClient.builder(options.controlPlane())
                .apiKey(options.apiKey())
                .build()) {
            URI sampleUri = sampleApi.baseUri();
            out.println("sample API on " + sampleUri);
            UUID projectId = createProject(api);
            UUID environmentId = api.createEnvironment(
                    projectId,
                    new NewEnvironment(
                            ENVIRONMENT_NAME, sampleUri.toString(), Map.of(), Map.of("Accept", "application/json")));
            out.println("environment " + ENVIRONMENT_NAME + " -> " + sampleUri);
            UUID suiteId = createSuite(api, projectId);

            TriggeredRun triggered = api.triggerRun(suiteId, TriggerRun.in(environmentId));
            RunTotals expected = DemoSuite.expectedTotals(options.rows());
            out.println("run " + triggered.runId() + " " + triggered.status() + ": expecting "
                    + Format.count(expected.steps()) + " steps, " + Format.count(expected.failed())
                    + " of them failing on purpose");
            RunState finished = awaitFinish(api, triggered.runId());
            if (finished == null) {
                printLinks(api, triggered);
                return false;
            }
            report(api, triggered.runId(), finished);
            printLinks(api, triggered);
            saveHtmlReport(api, triggered.runId());
            return verify(finished, expected);
        } finally {
            // The worker may still be calling the sample API after a timeout; the demo owns it and ends it anyway.
            sampleApi.close();
        }
    }

    private UUID createProject(GantryClient api) throws InterruptedException {
        String name = "demo-" + LocalDateTime.now().format(PROJECT_STAMP) + "-"
                + HexFormat.of().toHexDigits((short) ThreadLocalRandom.current().nextInt());
        UUID id = api.createProject(new NewProject(name, "Created by the Gantry demo against its bundled sample API."));
        out.println("project " + name + " (" + id + ")");
        return id;
    }

    private UUID createSuite(GantryClient api, UUID projectId) throws InterruptedException {
        UUID suiteId = api.createSuite(projectId, new NewSuite(DemoSuite.NAME, DemoSuite.DESCRIPTION));
        UUID previous = null;
        for (NewCase spec : DemoSuite.cases()) {
            previous = api.createCase(suiteId, spec.dependingOn(previous));
        }
        List<DataRow> rows = DemoSuite.rows(options.rows());
        api.createDataSet(
                suiteId,
                new NewDataSet(
                        DemoSuite.DATA_SET_NAME,
                        true,
                        rows.stream().map(DataRow::variables).toList()));
        out.println("suite \"" + DemoSuite.NAME + "\": " + DemoSuite.CASE_COUNT + " chained cases, "
                + Format.count(rows.size()) + " data rows");
        return suiteId;
    }

    /** Polls until the run is finished, or answers null once the timeout has passed. */
    private RunState awaitFinish(GantryClient api, UUID runId) throws InterruptedException {
        ProgressPrinter progress = new ProgressPrinter(out, terminal.interactive(), terminal.progressStyle());
        long deadline = System.nanoTime() + options.timeout().toNanos();
        while (true) {
            RunState state = RunState.from(api.run(runId));
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

    private void report(GantryClient api, UUID runId, RunState run) throws InterruptedException {
        out.println();
        SummaryTable.render(run.cases(), run.totals()).forEach(out::println);
        out.println();
        out.println(SummaryTable.runLine(
                run.status(), run.durationMs(), run.totals().steps()));
        if (run.totals().failed() > 0) {
            StepPage failed = api.steps(runId, "failed", FAILURE_EXAMPLES);
            out.println();
            out.println("first failures (" + Format.count(failed.total()) + " failed steps in all):");
            for (StepPage.Step step : failed.items()) {
                SummaryTable.failureLines(FailedStep.from(step), terminal.unicode())
                        .forEach(line -> out.println("  " + line));
            }
        }
        out.println();
    }

    private void printLinks(GantryClient api, TriggeredRun run) {
        String statusUrl = run.statusUrl() != null ? run.statusUrl() : "/api/v1/runs/" + run.runId();
        String stepsUrl = run.stepsUrl() != null ? run.stepsUrl() : statusUrl + "/steps";
        out.println("run:   " + api.resolve(statusUrl));
        out.println("steps: " + api.resolve(stepsUrl) + "?status=failed");
    }

    /** The run's HTML report, for a browser (the API itself wants a key on every request). */
    private void saveHtmlReport(GantryClient api, UUID runId) throws InterruptedException {
        Path file = REPORT_DIR.resolve("run-" + runId + ".html").toAbsolutePath();
        try {
            createFolder(file);
            api.downloadReport(runId, "html", file);
            out.println("HTML report: " + file.toUri());
        } catch (RuntimeException e) {
            // the run's verdict is what the demo shows; a report that cannot be saved is only noted
            err.println("the HTML report could not be saved: " + e.getMessage());
        }
    }

    private static void createFolder(Path file) {
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("could not create " + file.getParent() + " (" + e + ")", e);
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
