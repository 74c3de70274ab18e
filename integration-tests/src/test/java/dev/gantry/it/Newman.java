package dev.gantry.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/**
 * Newman, Postman's command-line runner, installed from the npm registry at a pinned version and run
 * by Node.js, for the parity test. The install is kept in the user's cache directory (it survives
 * {@code mvn clean}; {@code target/} when that is not writable) and reused while it holds the pinned
 * version. Never a skip: without node or npm the test fails and says what to install.
 */
record Newman(Path node, Path script, String nodeVersion) {
    static final String VERSION = "6.2.2";
    static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(5);

    /** Newman's verdicts per request: iterations in which it passed and in which it failed. */
    record Tally(int passed, int failed) {
        int runs() {
            return passed + failed;
        }
    }

    /**
     * A run's report, read: per request (folders as "Folder / Request"), in collection order; and the
     * errors of scripts outside any check (a script that throws), which an exported collection must not have.
     */
    record Report(Map<String, Tally> requests, int iterations, Path file, List<String> scriptErrors) {}

    /** Newman at {@link #VERSION}, installed with npm unless the cache already holds it. */
    static Newman install() {
        Path node = onPath("node");
        Path npm = onPath("npm");
        if (node == null || npm == null) {
            throw new AssertionError(
                    "the Newman parity test runs Newman " + VERSION + " on Node.js, and "
                            + (node == null ? "node" : "npm")
                            + " is not on the PATH: install Node.js 18 or later with npm"
                            + " (apt-get install nodejs npm), then run the tests again; `./gantry test` installs them as root.");
        }
        String nodeVersion = output(List.of(node.toString(), "--version"), Duration.ofSeconds(30))
                .strip();
        Path dir = cacheDirectory();
        Path script = dir.resolve("node_modules/newman/bin/newman.js");
        // two test JVMs of this machine may install at once; the second waits and then reuses
        try (FileChannel channel = FileChannel.open(
                        dir.resolveSibling(dir.getFileName() + ".lock"),
                        StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE);
                FileLock ignored = channel.lock()) {
            if (!installed(dir)) {
                Files.createDirectories(dir);
                Path log = dir.resolve("npm-install.log");
                int exit = run(
                        List.of(
                                npm.toString(),
                                "install",
                                "--no-save",
                                "--no-audit",
                                "--no-fund",
                                "--prefix",
                                dir.toString(),
                                "newman@" + VERSION),
                        log,
                        INSTALL_TIMEOUT);
                if (exit != 0 || !installed(dir)) {
                    throw new AssertionError("npm could not install newman@" + VERSION + " into " + dir + " (exit "
                            + exit + "):\n" + tail(log));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install Newman into " + dir, e);
        }
        return new Newman(node, script, nodeVersion);
    }

    /**
     * Runs {@code collection} with the JSON reporter and reads its report. Newman's exit code for failed
     * tests is suppressed, so that any other exit is a failure of the run itself.
     *
     * @param environment a Postman environment file, or null
     * @param data a data file (JSON or CSV), or null for one iteration
     * @param variables environment variables that override the file's ({@code --env-var})
     */
    Report run(
            Path collection, Path environment, Path data, Map<String, String> variables, Path workDir, Duration limit) {
        try {
            Files.createDirectories(workDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path report = workDir.resolve("newman-report.json");
        Path log = workDir.resolve("newman.log");
        List<String> command =
                new ArrayList<>(List.of(node.toString(), script.toString(), "run", collection.toString()));
        if (environment != null) {
            command.addAll(List.of("--environment", environment.toString()));
        }
        if (data != null) {
            command.addAll(List.of("--iteration-data", data.toString()));
        }
        variables.forEach((name, value) -> command.addAll(List.of("--env-var", name + "=" + value)));
        command.addAll(List.of(
                "--reporters",
                "json",
                "--reporter-json-export",
                report.toString(),
                "--suppress-exit-code",
                "--timeout-request",
                "10000",
                "--color",
                "off"));
        int exit = run(command, log, limit);
        if (exit != 0 || !Files.isRegularFile(report)) {
            throw new AssertionError("newman run of " + collection + " failed (exit " + exit + "):\n" + tail(log));
        }
        try {
            return read(Api.JSON.readTree(Files.readString(report)), report);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads a report of Newman's JSON reporter: an execution passed when its request was answered and
     * none of its assertions or scripts failed, as Newman's own summary counts them. Requests are named by
     * their path through the collection's folders, found by item id in the report's copy of the
     * collection (which carries generated ids where the file has none).
     */
    static Report read(JsonNode report, Path file) {
        Map<String, String> paths = new LinkedHashMap<>();
        itemPaths(report.path("collection").path("item"), "", paths);
        Map<String, int[]> counts = new LinkedHashMap<>();
        paths.values().forEach(path -> counts.put(path, new int[2]));
        for (JsonNode execution : report.path("run").path("executions")) {
            String id = execution.path("item").path("id").asString("");
            String path = paths.get(id);
            if (path == null) {
                throw new AssertionError("Newman executed an item not in its collection: " + execution.path("item"));
            }
            counts.get(path)[passed(execution) ? 0 : 1]++;
        }
        Map<String, Tally> requests = new LinkedHashMap<>();
        counts.forEach((path, c) -> requests.put(path, new Tally(c[0], c[1])));
        int iterations = report.path("run")
                .path("stats")
                .path("iterations")
                .path("total")
                .asInt(0);
        List<String> scriptErrors = new ArrayList<>();
        for (JsonNode failure : report.path("run").path("failures")) {
            if (!failure.path("at").asString("").startsWith("assertion")) {
                scriptErrors.add(failure.path("source").path("name").asString("?") + " "
                        + failure.path("at").asString("") + ": "
                        + failure.path("error").path("message").asString(""));
            }
        }
        return new Report(requests, iterations, file, scriptErrors);
    }

    private static boolean passed(JsonNode execution) {
        if (execution.hasNonNull("requestError")) {
            return false;
        }
        for (JsonNode assertion : execution.path("assertions")) {
            if (assertion.hasNonNull("error")) {
                return false;
            }
        }
        for (String script : List.of("prerequestScript", "testScript")) {
            for (JsonNode failure : execution.path(script)) {
                if (failure.hasNonNull("error")) {
                    return false;
                }
            }
        }
        return true;
    }

    private static void itemPaths(JsonNode items, String prefix, Map<String, String> paths) {
        for (JsonNode item : items) {
            String name = item.path("name").asString("");
            String path = prefix.isEmpty() ? name : prefix + " / " + name;
            if (item.has("item")) {
                itemPaths(item.path("item"), path, paths);
            } else {
                if (paths.containsValue(path)) {
                    throw new AssertionError("two requests of the collection are both named '" + path
                            + "': the parity test compares by name, so names must be unique");
                }
                paths.put(item.path("id").asString(), path);
            }
        }
    }

    private static boolean installed(Path dir) {
        Path manifest = dir.resolve("node_modules/newman/package.json");
        if (!Files.isRegularFile(manifest) || !Files.isRegularFile(dir.resolve("node_modules/newman/bin/newman.js"))) {
            return false;
        }
        try {
            return VERSION.equals(Api.JSON
                    .readTree(Files.readString(manifest))
                    .path("version")
                    .asString(""));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** {@code $XDG_CACHE_HOME/gantry} or {@code ~/.cache/gantry} when writable, else {@code target/}. */
    private static Path cacheDirectory() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        Path dir = base.resolve("gantry").resolve("newman-" + VERSION);
        try {
            Files.createDirectories(dir);
            if (Files.isWritable(dir)) {
                return dir;
            }
        } catch (IOException | SecurityException e) {
            // falls through to the build directory
        }
        return Path.of("target", "newman-" + VERSION).toAbsolutePath();
    }

    private static Path onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!dir.isBlank() && Files.isExecutable(Path.of(dir, command))) {
                return Path.of(dir, command);
            }
        }
        return null;
    }

    private static int run(List<String> command, Path log, Duration limit) {
        try {
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor();
                throw new AssertionError(command.get(0) + " did not finish within " + limit + ":\n" + tail(log));
            }
            return process.exitValue();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String output(List<String> command, Duration limit) {
        try {
            Path out = Files.createTempFile("gantry-node", ".out");
            try {
                int exit = run(command, out, limit);
                String text = Files.readString(out, StandardCharsets.UTF_8);
                if (exit != 0) {
                    throw new AssertionError(String.join(" ", command) + " failed (exit " + exit + "): " + text);
                }
                return text;
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException | RuntimeException e) {
            return "(no output: " + e + ")";
        }
    }
}
