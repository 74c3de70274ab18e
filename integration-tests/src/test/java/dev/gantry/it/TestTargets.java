package dev.gantry.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Small HTTP targets the tests start on loopback, answering JSON. */
final class TestTargets {
    private TestTargets() {}

    /** A started server with one handler at {@code path}, on a free loopback port, on virtual threads. */
    static HttpServer start(String path, HttpHandler handler) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
            server.createContext(path, handler);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a test target", e);
        }
    }

    /**
     * A target answering as {@code handler} does, each answer {@code latency} late: a slow service,
     * so that a run of a few hundred steps lasts seconds (a simulated latency, not a test's wait).
     */
    static HttpServer slow(Duration latency, HttpHandler handler) {
        return start("/", exchange -> {
            try {
                Thread.sleep(latency);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            handler.handle(exchange);
        });
    }

    /** A loopback port nothing listens on (bound, then released). */
    static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port", e);
        }
    }

    /**
     * A target whose every answer (an empty JSON object) is held back until {@code released} (two
     * minutes at the most), so that a run stays under way for as long as a test needs; each
     * request's path is counted first, when {@code counts} is given.
     */
    static HttpServer held(CountDownLatch released, Map<String, AtomicInteger> counts) {
        return start("/", exchange -> {
            if (counts != null) {
                counts.computeIfAbsent(exchange.getRequestURI().getPath(), path -> new AtomicInteger())
                        .incrementAndGet();
            }
            try {
                released.await(2, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            json(exchange, 200, "{}");
        });
    }

    static void json(HttpExchange exchange, int status, String body) throws IOException {
        exchange.getRequestBody().readAllBytes();
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
