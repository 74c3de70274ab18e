package dev.gantry.demo.sampleapi;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/** A small in-memory JSON items API on the JDK HTTP server, bundled as a load target for demo runs. */
public final class SampleApiServer implements AutoCloseable {

    static final int DEFAULT_CAPACITY = 1_000_000;
    static final int MAX_BODY_BYTES = 64 * 1024;

    private static final String HOST = "127.0.0.1";
    // Load tests open many connections at once; the OS default backlog would refuse some of them.
    private static final int BACKLOG = 1024;

    static {
        // The JDK server closes kept-alive connections beyond 200 idle ones at once; a farm keeps
        // about a thousand open, and clients would meet closed connections. Set before the JDK's
        // server configuration is first read (an explicit -D setting wins).
        if (System.getProperty("sun.net.httpserver.maxIdleConnections") == null) {
            System.setProperty("sun.net.httpserver.maxIdleConnections", "4096");
        }
    }

    private final HttpServer http;
    private final ExecutorService executor;
    private final SampleApiRoutes routes;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();

    private SampleApiServer(HttpServer http, ExecutorService executor, SampleApiRoutes routes) {
        this.http = http;
        this.executor = executor;
        this.routes = routes;
    }

    /**
     * Starts a server on 127.0.0.1.
     *
     * @param port the port to bind, or 0 to pick a free one
     * @throws UncheckedIOException if the port cannot be bound
     */
    public static SampleApiServer start(int port) {
        return start(port, DEFAULT_CAPACITY);
    }

    static SampleApiServer start(int port, int capacity) {
        HttpServer http;
        try {
            http = HttpServer.create(new InetSocketAddress(HOST, port), BACKLOG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind the sample API to " + HOST + ":" + port, e);
        }
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        http.setExecutor(executor);
        SampleApiServer server = new SampleApiServer(http, executor, new SampleApiRoutes(new ItemStore(capacity)));
        http.createContext("/", server::handle);
        http.start();
        return server;
    }

    public int port() {
        return http.getAddress().getPort();
    }

    public URI baseUri() {
        return URI.create("http://" + HOST + ":" + port());
    }

    /** Total number of requests this server has handled, whatever their outcome. */
    public long requestCount() {
        return requests.get();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            http.stop(0);
            executor.shutdownNow();
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        try (exchange) {
            ApiResponse response;
            try {
                byte[] body = readBody(exchange.getRequestBody());
                response = body == null
                        ? routes.payloadTooLarge()
                        : routes.route(
                                exchange.getRequestMethod(),
                                exchange.getRequestURI().getRawPath(),
                                exchange.getRequestURI().getRawQuery(),
                                body);
            } catch (RuntimeException e) {
                response = routes.internalError();
            }
            send(exchange, response);
        }
    }

    /** The whole request body, or null when it exceeds {@link #MAX_BODY_BYTES}. */
    private static byte[] readBody(InputStream in) throws IOException {
        // Draining the body is what lets the JDK server reuse the connection for the next request.
        byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
        return body.length > MAX_BODY_BYTES ? null : body;
    }

    private static void send(HttpExchange exchange, ApiResponse response) throws IOException {
        Headers headers = exchange.getResponseHeaders();
        headers.set("Content-Type", "application/json");
        if (response.headerName() != null) {
            headers.set(response.headerName(), response.headerValue());
        }
        if ("HEAD".equals(exchange.getRequestMethod())) {
            // A HEAD answer carries no body; declaring a length for one makes the JDK server log a warning.
            exchange.sendResponseHeaders(response.status(), -1);
            return;
        }
        byte[] body = response.body();
        // A fixed Content-Length (never 0, which means chunked) keeps HTTP/1.1 keep-alive cheap for clients.
        exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
    }
}
