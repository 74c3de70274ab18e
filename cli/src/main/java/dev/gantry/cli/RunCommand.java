package dev.gantry.cli;

import dev.gantry.client.Environment;
import dev.gantry.client.GantryApiException;
import dev.gantry.client.GantryClient;
import dev.gantry.client.GantryClientException;
import dev.gantry.client.GantryUnreachableException;
import dev.gantry.client.Project;
import dev.gantry.client.Run;
import dev.gantry.client.Suite;
import dev.gantry.client.TriggerRun;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gantry-cli run --suite .. --env .. --wait --junit out.xml}. */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = "Triggers a run of a suite in an environment; with --wait, waits for its verdict.")
final class RunCommand implements Callable<Integer> {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    // a long poll holds a request up to 20 s on top of this
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(120);

    @Option(
            names = "--url",
            defaultValue = "${env:GANTRY_URL:-http://127.0.0.1:8080}",
            description = "control plane URL (GANTRY_URL; default ${DEFAULT-VALUE})")
    URI url;

    @Option(
            names = "--api-key",
            defaultValue = "${env:GANTRY_API_KEY}",
            description = "API key of a TESTER (GANTRY_API_KEY)")
    String apiKey;

    @Option(names = "--project", description = "project id or name, to find the suite and environment by name")
    String project;

    @Option(names = "--suite", required = true, description = "suite id or name")
    String suite;

    @Option(
            names = {"--env", "--environment"},
            required = true,
            description = "environment id or name")
    String environment;

    @Option(names = "--seed", description = "seed for the random built-ins")
    Long seed;

    @Option(names = "--wait", description = "wait for the verdict; the exit code is the verdict")
    boolean wait;

    @Option(
            names = "--timeout",
            defaultValue = "PT30M",
            description = "longest wait, ISO-8601 (default ${DEFAULT-VALUE}); then exit 2")
    Duration timeout;

    @Option(
            names = "--deadline",
            description = "cancel the run on the farm if it is still going this long after the trigger,"
                    + " ISO-8601 such as PT20M (default: the suite's deadline, if any)")
    Duration deadline;

    @Option(names = "--junit", description = "write the JUnit XML report here (implies --wait)")
    Path junit;

    @Option(names = "--html", description = "write the HTML report here (implies --wait)")
    Path html;

    @Option(names = "--json", description = "write the JSON report here (implies --wait)")
    Path json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (apiKey == null || apiKey.isBlank()) {
            err.println("gantry-cli: an API key is needed: --api-key or GANTRY_API_KEY");
            return GantryCli.INFRASTRUCTURE;
        }
        try (GantryClient api = GantryClient.builder(url)
                .apiKey(apiKey)
                .connectTimeout(CONNECT_TIMEOUT)
                .requestTimeout(REQUEST_TIMEOUT)
                .build()) {
            UUID suiteId = resolveSuite(api);
            UUID environmentId = resolveEnvironment(api, suiteId);
            if (deadline != null && deadline.toSeconds() < 1) {
                err.println("gantry-cli: --deadline must be at least one second");
                return GantryCli.INFRASTRUCTURE;
            }
            Long deadlineSeconds = deadline == null ? null : deadline.toSeconds();
            UUID runId = api.triggerRun(suiteId, new TriggerRun(environmentId, seed, deadlineSeconds))
                    .runId();
            out.println("run " + runId + " started: " + url.resolve("/api/v1/runs/" + runId));
            out.flush();
            if (!wait && junit == null && html == null && json == null) {
                return GantryCli.PASSED;
            }
            Run run = waitForEnd(api, runId, out);
            if (run == null) {
                err.println("gantry-cli: run " + runId + " did not end within " + timeout);
                return GantryCli.INFRASTRUCTURE;
            }
            writeReports(api, runId, out);
            return verdict(run, out, err);
        } catch (InfrastructureException e) {
            err.println("gantry-cli: " + e.getMessage());
            return GantryCli.INFRASTRUCTURE;
        } catch (GantryApiException e) {
            err.println("gantry-cli: " + e.path() + " answered " + e.status() + ": " + e.detailOrBody());
            return GantryCli.INFRASTRUCTURE;
        } catch (GantryUnreachableException e) {
            err.println("gantry-cli: the control plane at " + url + " does not answer (" + e.getCause() + ")");
            return GantryCli.INFRASTRUCTURE;
        } catch (GantryClientException e) {
            err.println("gantry-cli: " + e.getMessage());
            return GantryCli.INFRASTRUCTURE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("gantry-cli: interrupted");
            return GantryCli.INFRASTRUCTURE;
        }
    }

    /** Long polls, printing a progress line whenever the counts move. */
    private Run waitForEnd(GantryClient api, UUID runId, PrintWriter out) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        String last = "";
        while (Instant.now().isBefore(deadline)) {
            long left = Math.max(
                    1, Math.min(20, Duration.between(Instant.now(), deadline).toSeconds()));
            Run run = api.run(runId, Duration.ofSeconds(left));
            Run.Totals totals = run.totals();
            String line = String.format(
                    "%-9s %d/%d steps: %d passed, %d flaky, %d failed, %d errored, %d skipped",
                    run.status(),
                    totals.done(),
                    totals.steps(),
                    totals.passed(),
                    totals.flaky(),
                    totals.failed(),
                    totals.errored(),
                    totals.skipped());
            if (!line.equals(last)) {
                out.println(line);
                out.flush();
                last = line;
            }
            String status = run.status();
            if (!status.equals("QUEUED") && !status.equals("RUNNING")) {
                return run;
            }
        }
        return null;
    }

    private void writeReports(GantryClient api, UUID runId, PrintWriter out) throws InterruptedException {
        String[] formats = {"junit", "html", "json"};
        Path[] files = {junit, html, json};
        for (int i = 0; i < formats.length; i++) {
            if (files[i] != null) {
                download(api, runId, formats[i], files[i]);
                out.println(formats[i] + " report: " + files[i]);
            }
        }
    }

    private static void download(GantryClient api, UUID runId, String format, Path file) throws InterruptedException {
        String path = "/api/v1/runs/" + runId + "/reports/" + format;
        try {
            api.downloadReport(runId, format, file);
        } catch (GantryApiException e) {
            throw new InfrastructureException("GET " + path + " answered " + e.status());
        } catch (GantryUnreachableException e) {
            throw new InfrastructureException("cannot download " + path + " to " + file + ": "
                    + e.getCause().getMessage());
        } catch (GantryClientException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new InfrastructureException("cannot download " + path + " to " + file + ": " + cause.getMessage());
        }
    }

    private static int verdict(Run run, PrintWriter out, PrintWriter err) {
        String status = run.status();
        for (Run.CaseResult c : run.cases()) {
            long bad = c.failed() + c.errored();
            if (bad > 0) {
                out.println("  failing: " + c.name() + " (" + bad + ")");
            }
        }
        switch (status) {
            case "PASSED" -> {
                out.println("PASSED");
                return GantryCli.PASSED;
            }
            case "FAILED" -> {
                out.println("FAILED: test failures");
                return GantryCli.TEST_FAILURES;
            }
            default -> {
                err.println("gantry-cli: the run ended " + status + (run.error() == null ? "" : ": " + run.error()));
                return GantryCli.INFRASTRUCTURE;
            }
        }
    }

    private UUID resolveSuite(GantryClient api) throws InterruptedException {
        UUID id = uuid(suite);
        if (id != null) {
            return id;
        }
        List<String> matches = new ArrayList<>();
        UUID found = null;
        for (Project p : projects(api)) {
            for (Suite s : api.suites(p.id())) {
                if (s.name().equals(suite)) {
                    found = s.id();
                    matches.add(p.name());
                }
            }
        }
        if (matches.size() != 1) {
            throw new InfrastructureException(
                    matches.isEmpty()
                            ? "no suite named '" + suite + "'"
                            : "suites named '" + suite + "' in several projects " + matches
                                    + ": give --project or the id");
        }
        return found;
    }

    private UUID resolveEnvironment(GantryClient api, UUID suiteId) throws InterruptedException {
        UUID id = uuid(environment);
        if (id != null) {
            return id;
        }
        UUID projectId = api.suite(suiteId).projectId();
        for (Environment e : api.environments(projectId)) {
            if (e.name().equals(environment)) {
                return e.id();
            }
        }
        throw new InfrastructureException("no environment named '" + environment + "' in the suite's project");
    }

    private List<Project> projects(GantryClient api) throws InterruptedException {
        List<Project> all = new ArrayList<>();
        for (Project p : api.projects()) {
            if (project == null || project.equals(p.id().toString()) || project.equals(p.name())) {
                all.add(p);
            }
        }
        return all;
    }

    private static UUID uuid(String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
