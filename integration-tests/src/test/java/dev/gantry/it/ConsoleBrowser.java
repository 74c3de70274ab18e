package dev.gantry.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a browser script of {@code console/e2e} (playwright-core driving Debian's Chromium) against a
 * farm: the script prints {@code ok <step>} per step and exits 0 when every step passed; screenshots
 * go to {@link #SCREENSHOTS}.
 */
final class ConsoleBrowser {
    /** Where every console test keeps its screenshots (the build's output). */
    static final Path SCREENSHOTS = Path.of("target", "console-screenshots");

    private ConsoleBrowser() {}

    /** Answers the script's output once it passed; fails the test with the output otherwise. */
    static String run(Farm farm, String script, Map<String, String> settings, Duration patience) throws Exception {
        Path output = Files.createTempFile("console-e2e", ".log");
        ProcessBuilder browserTest = new ProcessBuilder("node", script)
                .directory(Path.of("../console").toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        Map<String, String> environment = new HashMap<>(settings);
        environment.put("GANTRY_URL", farm.baseUrl());
        environment.put("SCREENSHOTS", SCREENSHOTS.toAbsolutePath().toString());
        environment.put("CHROMIUM", Chromium.binary());
        browserTest.environment().putAll(environment);
        Process node = browserTest.start();
        boolean finished = node.waitFor(patience.toSeconds(), TimeUnit.SECONDS);
        String log = Files.readString(output, StandardCharsets.UTF_8);
        if (!finished) {
            node.destroyForcibly();
        }
        assertThat(finished)
                .as("%s did not finish within %s:%n%s", script, patience, log)
                .isTrue();
        assertThat(node.exitValue()).as(log).isZero();
        return log;
    }
}
