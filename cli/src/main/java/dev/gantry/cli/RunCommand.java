package dev.gantry.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

/** {@code gantry-cli run --suite .. --env .. --wait --junit out.xml}. */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = "Triggers a run of a suite in an environment; with --wait, waits for its verdict.")
final class RunCommand implements Callable<Integer> {
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
        try {
            ControlPlane api = new ControlPlane(url, apiKey);
            UUID suiteId = resolveSuite(api);
            UUID environmentId = resolveEnvironment(api, suiteId);
            Map<String, Object> trigger = new LinkedHashMap<>();
            trigger.put("environmentId", environmentId);
            if (seed != null) {
                trigger.put("seed", seed);
            }
            if (deadline != null) {
                if (deadline.toSeconds() < 1) {
                    err.println("gantry-cli: --deadline must be at least one second");
                    return GantryCli.INFRASTRUCTURE;
                }
                trigger.put("deadlineSeconds", deadline.toSeconds());
            }
            JsonNode accepted = api.post("/api/v1/suites/" + suiteId + "/runs", trigger);
            String runId = accepted.get("runId").asString();
            out.println("run " + runId + " started: " + url.resolve("/api/v1/runs/" + runId));
            out.flush();
            if (!wait && junit == null && html == null && json == null) {
                return GantryCli.PASSED;
            }
            JsonNode run = waitForEnd(api, runId, out);
            if (run == null) {
                err.println("gantry-cli: run " + runId + " did not end within " + timeout);
                return GantryCli.INFRASTRUCTURE;
            }
            writeReports(api, runId, out);
            return verdict(run, out, err);
        } catch (InfrastructureException e) {
            err.println("gantry-cli: " + e.getMessage());
            return GantryCli.INFRASTRUCTURE;
        }
    }

    /** Long polls, printing a progress line whenever the counts move. */
    private JsonNode waitForEnd(ControlPlane api, String runId, PrintWriter out) {
        Instant deadline = Instant.now().plus(timeout);
        String last = "";
        while (Instant.now().isBefore(deadline)) {
            long left = Math.max(
                    1, Math.min(20, Duration.between(Instant.now(), deadline).toSeconds()));
            JsonNode run = api.get("/api/v1/runs/" + runId + "?wait=" + left + "s");
            JsonNode totals = run.get("totals");
            String line = String.format(
                    "%-9s %d/%d steps: %d passed, %d flaky, %d failed, %d errored, %d skipped",
                    run.get("status").asString(),
                    totals.get("done").asLong(),
                    totals.get("steps").asLong(),
                    totals.get("passed").asLong(),
                    totals.get("flaky").asLong(),
                    totals.get("failed").asLong(),
                    totals.get("errored").asLong(),
                    totals.get("skipped").asLong());
            if (!line.equals(last)) {
                out.println(line);
                out.flush();
                last = line;
            }
            String status = run.get("status").asString();
            if (!status.equals("QUEUED") && !status.equals("RUNNING")) {
                return run;
            }
        }
        return null;
    }

    private void writeReports(ControlPlane api, String runId, PrintWriter out) {
        Map<String, Path> reports = new LinkedHashMap<>();
        reports.put("junit", junit);
        reports.put("html", html);
        reports.put("json", json);
        reports.forEach((format, file) -> {
            if (file != null) {
                api.download("/api/v1/runs/" + runId + "/reports/" + format, file);
                out.println(format + " report: " + file);
            }
        });
    }

    private static int verdict(JsonNode run, PrintWriter out, PrintWriter err) {
        String status = run.get("status").asString();
        JsonNode cases = run.get("cases");
        if (cases != null) {
            for (JsonNode c : cases) {
                long bad = c.get("failed").asLong() + c.get("errored").asLong();
                if (bad > 0) {
                    out.println("  failing: " + c.get("name").asString() + " (" + bad + ")");
                }
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
                JsonNode error = run.get("error");
                err.println("gantry-cli: the run ended " + status
                        + (error == null || error.isNull() ? "" : ": " + error.asString()));
                return GantryCli.INFRASTRUCTURE;
            }
        }
    }

    private UUID resolveSuite(ControlPlane api) {
        UUID id = uuid(suite);
        if (id != null) {
            return id;
        }
        List<String> matches = new ArrayList<>();
        UUID found = null;
        for (JsonNode p : projects(api)) {
            for (JsonNode s : api.get("/api/v1/projects/" + p.get("id").asString() + "/suites")) {
                if (s.get("name").asString().equals(suite)) {
                    found = UUID.fromString(s.get("id").asString());
                    matches.add(p.get("name").asString());
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

    private UUID resolveEnvironment(ControlPlane api, UUID suiteId) {
        UUID id = uuid(environment);
        if (id != null) {
            return id;
        }
        String projectId = api.get("/api/v1/suites/" + suiteId).get("projectId").asString();
        for (JsonNode e : api.get("/api/v1/projects/" + projectId + "/environments")) {
            if (e.get("name").asString().equals(environment)) {
                return UUID.fromString(e.get("id").asString());
            }
        }
        throw new InfrastructureException("no environment named '" + environment + "' in the suite's project");
    }

    private List<JsonNode> projects(ControlPlane api) {
        List<JsonNode> all = new ArrayList<>();
        for (JsonNode p : api.get("/api/v1/projects")) {
            if (project == null
                    || project.equals(p.get("id").asString())
                    || project.equals(p.get("name").asString())) {
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
