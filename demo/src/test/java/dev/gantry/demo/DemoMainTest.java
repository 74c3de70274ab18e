package dev.gantry.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DemoMainTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void badArgumentsPrintUsageAndExitWithTwo() {
        int code = run("--api-key", "gk_test", "--rows", "0");

        assertThat(code).isEqualTo(2);
        assertThat(text(err))
                .contains("--rows must be a whole number of at least 1")
                .contains("usage:");
        assertThat(text(out)).isEmpty();
    }

    @Test
    void helpPrintsUsageAndExitsWithZero() {
        assertThat(run("--help")).isZero();
        assertThat(text(out)).startsWith("usage:");
    }

    @Test
    void absentControlPlaneHintsAtGantryUpAndExitsWithOne() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        int code = run("--control-plane", "http://127.0.0.1:" + closedPort, "--api-key", "gk_test", "--rows", "3");

        assertThat(code).isEqualTo(1);
        assertThat(text(out)).startsWith("sample API on http://127.0.0.1:");
        assertThat(text(err)).contains("does not answer").contains("./gantry up");
    }

    private int run(String... args) {
        return DemoMain.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private static String text(ByteArrayOutputStream stream) {
        return stream.toString(StandardCharsets.UTF_8);
    }
}
