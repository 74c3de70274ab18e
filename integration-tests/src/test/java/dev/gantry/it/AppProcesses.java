package dev.gantry.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.core.ConditionTimeoutException;

/** The apps as separate processes (their executable jars), for tests that kill one with SIGKILL. */
final class AppProcesses {
    private AppProcesses() {}

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /**
     * Starts {@code module}'s executable jar with the arguments and waits until its health answers
     * on {@code port}; its output goes to {@code target/<name>.log}.
     */
    static Process start(String module, String name, int port, String[] arguments) throws Exception {
        return start(module, name, port, List.of(), arguments);
    }

    /** The same with JVM options (a heap limit, say) before {@code -jar}. */
    static Process start(String module, String name, int port, List<String> jvmOptions, String[] arguments)
            throws Exception {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar(module).toString());
        command.addAll(List.of(arguments));
        Path log = Path.of("target", name + ".log");
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                .build();
        try {
            await(name + " healthy on port " + port)
                    .atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(200))
                    // still starting
                    .ignoreExceptionsInstanceOf(IOException.class)
                    .until(() -> {
                        assertThat(process.isAlive())
                                .as(name + " died while starting")
                                .isTrue();
                        return http.send(health, HttpResponse.BodyHandlers.discarding())
                                        .statusCode()
                                == 200;
                    });
            return process;
        } catch (ConditionTimeoutException | AssertionError notHealthy) {
            process.destroyForcibly();
            throw new AssertionError(
                    name + " did not become healthy (" + notHealthy.getMessage() + "); its log:\n"
                            + Files.readString(log),
                    notHealthy);
        }
    }

    private static Path jar(String module) {
        File[] jars =
                new File("../" + module + "/target").listFiles((dir, file) -> file.matches(module + "-.*-exec\\.jar"));
        assertThat(jars)
                .as("the " + module + "'s executable jar (built by `mvn package` before this module)")
                .isNotEmpty();
        return jars[0].toPath();
    }
}
