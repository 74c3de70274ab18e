package dev.gantry.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Headless Chromium (Debian's {@code chromium} package, or {@code GANTRY_CHROMIUM}) opening a
 * file: a screenshot, and every message the page wrote to its console (errors, CSP
 * violations, uncaught exceptions all appear as {@code CONSOLE} lines of its log). Nothing is
 * installed here; {@code ./gantry test} installs the package when it is missing.
 */
final class Chromium {
    record Result(List<String> console, Path screenshot, String log) {}

    private Chromium() {}

    static String binary() {
        String configured = System.getenv("GANTRY_CHROMIUM");
        List<String> candidates = new ArrayList<>();
        if (configured != null && !configured.isBlank()) {
            candidates.add(configured);
        }
        candidates.addAll(List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"));
        return candidates.stream()
                .filter(c -> Files.isExecutable(Path.of(c)))
                .findFirst()
                .orElseThrow(() -> new AssertionError("headless Chromium is needed to check the HTML report: "
                        + "apt-get install chromium (./gantry test does it), or set GANTRY_CHROMIUM"));
    }

    static Result open(Path html, Path screenshot) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("gantry-chromium-");
        Files.createDirectories(screenshot.getParent());
        Process process = new ProcessBuilder(
                        binary(),
                        "--headless",
                        "--no-sandbox", // tests may run as root, where the sandbox refuses to start
                        "--disable-gpu",
                        "--no-first-run",
                        "--enable-logging=stderr",
                        "--v=0",
                        "--user-data-dir=" + profile,
                        "--window-size=1280,1600",
                        "--screenshot=" + screenshot.toAbsolutePath(),
                        html.toAbsolutePath().toUri().toString())
                .redirectErrorStream(true)
                .start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("Chromium did not finish within 90 s");
        }
        String log = new String(output, StandardCharsets.UTF_8);
        List<String> console =
                log.lines().filter(line -> line.contains(":CONSOLE")).toList();
        return new Result(console, screenshot, log);
    }
}
