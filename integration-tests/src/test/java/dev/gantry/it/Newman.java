package dev.gantry.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/**
 * Newman, the command-line runner of Postman collections, installed with npm into this module's
 * {@code target/} the first time a test needs it (and reused after), and run on a collection and
 * data file. Node.js and npm must be on the PATH; without them the test fails saying so.
 */
final class Newman {
    static final String VERSION = "6.2.2";
    private static final Path HOME = Path.of("target", "newman-" + VERSION).toAbsolutePath();

    /** Per request name: in how many iterations all its checks passed, in how many one failed. */
    record Verdicts(int passed, int failed) {}

    private Newman() {}

    /** The newman executable, installed on first use. */
    static synchronized Path install() throws IOException, InterruptedException {
        Path newman = HOME.resolve("node_modules").resolve(".bin").resolve("newman");
        if (Files.isExecutable(newman)) {
            return newman;
        }
        Files.createDirectories(HOME);
        Path log = HOME.resolve("npm-install.log");
        Process npm;
        try {
            npm = new ProcessBuilder(
                            "npm",
                            "install",
                            "--no-save",
                            "--no-audit",
                            "--no-fund",
                            "--prefix",
                            HOME.toString(),
                            "newman@" + VERSION)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException(
                    "npm is not on the PATH: the Newman tests need Node.js 18+ and npm (e.g. apt-get install nodejs npm)",
                    e);
        }
        if (!npm.waitFor(5, TimeUnit.MINUTES)) {
            npm.destroyForcibly();
            throw new IllegalStateException("npm install newman@" + VERSION + " took over 5 minutes; see " + log);
        }
        if (npm.exitValue() != 0 || !Files.isExecutable(newman)) {
            throw new IllegalStateException("npm install newman@" + VERSION + " failed (exit " + npm.exitValue() + "): "
                    + Files.readString(log));
        }
        return newman;
    }

    /**
     * Runs the collection with the data file against {@code baseUrl} and answers its JSON report
     * ({@code --reporters json}); Newman's exit status says only whether a check failed, which the
     * report says too.
     */
    static JsonNode run(Path collection, Path data, String baseUrl, Path workDir)
            throws IOException, InterruptedException {
        Path newman = install();
        Path report = workDir.resolve("newman-report.json");
        Path log = workDir.resolve("newman.log");
        List<String> command = new ArrayList<>(List.of(
                newman.toString(),
                "run",
                collection.toString(),
                "--env-var",
                "baseUrl=" + baseUrl,
                "--reporters",
                "cli,json",
                "--reporter-json-export",
                report.toString(),
                "--disable-unicode",
                "--color",
                "off"));
        if (data != null) {
            command.addAll(List.of("-d", data.toString()));
        }
        Process run = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!run.waitFor(3, TimeUnit.MINUTES)) {
            run.destroyForcibly();
            throw new IllegalStateException("newman took over 3 minutes; see " + log);
        }
        if (!Files.exists(report)) {
            throw new IllegalStateException(
                    "newman wrote no report (exit " + run.exitValue() + "): " + Files.readString(log));
        }
        return Api.JSON.readTree(report.toFile());
    }

    /** Errors of the scripts themselves (outside any check): an exported script must have none. */
    static List<String> scriptErrors(JsonNode report) {
        List<String> errors = new ArrayList<>();
        for (JsonNode failure : report.get("run").path("failures")) {
            if (!failure.path("at").asString("").startsWith("assertion")) {
                errors.add(failure.path("source").path("name").asString("?") + " "
                        + failure.path("at").asString("") + ": "
                        + failure.path("error").path("message").asString(""));
            }
        }
        return errors;
    }

    /**
     * Verdicts per request from the report's executions: a request skipped by its pre-request script
     * has no execution; a skipped check ({@code pm.test.skip}) counts neither way.
     */
    static Map<String, Verdicts> verdicts(JsonNode report) {
        Map<String, int[]> counts = new TreeMap<>();
        for (JsonNode execution : report.get("run").get("executions")) {
            String name = execution.get("item").get("name").asString();
            boolean failed = false;
            for (JsonNode assertion : execution.path("assertions")) {
                if (!assertion.path("skipped").asBoolean(false) && assertion.hasNonNull("error")) {
                    failed = true;
                }
            }
            counts.computeIfAbsent(name, k -> new int[2])[failed ? 1 : 0]++;
        }
        Map<String, Verdicts> verdicts = new TreeMap<>();
        counts.forEach((name, c) -> verdicts.put(name, new Verdicts(c[0], c[1])));
        return verdicts;
    }
}
