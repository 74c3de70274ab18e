package dev.gantry.it;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * One HTTP/1.1 connection on a socket, for what a client library hides: when a body goes out and at
 * what pace, the interim {@code 100 Continue}, and whether the connection still carries a second
 * request after an answer. Its writes fail as a client's do when the server has closed or reset it.
 */
final class RawConnection implements AutoCloseable {
    /** An answer as it came: interim ones (1xx) too. */
    record Answer(int status, Map<String, String> headers, String body) {
        JsonNode json() {
            return Api.JSON.readTree(body);
        }

        boolean closesConnection() {
            return "close".equalsIgnoreCase(headers.get("connection"));
        }
    }

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    RawConnection(String baseUrl) throws IOException {
        URI base = URI.create(baseUrl);
        this.socket = new Socket(base.getHost(), base.getPort());
        socket.setSoTimeout((int) Duration.ofSeconds(60).toMillis());
        this.out = socket.getOutputStream();
        this.in = new BufferedInputStream(socket.getInputStream());
    }

    /** The request line and headers; the body (if any) follows with {@link #send}. */
    RawConnection head(String method, String pathAndQuery, Map<String, String> headers) throws IOException {
        StringBuilder head = new StringBuilder(method + " " + pathAndQuery + " HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        headers.forEach(
                (name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        out.write(head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return this;
    }

    RawConnection send(byte[] bytes) throws IOException {
        return send(bytes, 0, bytes.length);
    }

    RawConnection send(byte[] bytes, int offset, int length) throws IOException {
        out.write(bytes, offset, length);
        out.flush();
        return this;
    }

    /** One chunk of a chunked body ({@code length} 0 is the last). */
    RawConnection chunk(byte[] bytes, int length) throws IOException {
        out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(bytes, 0, length);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return this;
    }

    /** {@code total} bytes of {@code filler} in pieces of {@code piece}, {@code pause} after each. */
    RawConnection sendPaced(byte filler, long total, int piece, Duration pause) throws IOException {
        byte[] bytes = new byte[piece];
        Arrays.fill(bytes, filler);
        for (long sent = 0; sent < total; ) {
            int n = (int) Math.min(piece, total - sent);
            send(bytes, 0, n);
            sent += n;
            if (!pause.isZero()) {
                try {
                    // the client's own pace, not a wait for the server
                    Thread.sleep(pause);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException(e);
                }
            }
        }
        return this;
    }

    /** The next answer on the connection, interim or final. */
    Answer read() throws IOException {
        String statusLine = line();
        Map<String, String> headers = new LinkedHashMap<>();
        for (String header = line(); !header.isEmpty(); header = line()) {
            int colon = header.indexOf(':');
            headers.put(
                    header.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                    header.substring(colon + 1).trim());
        }
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (status >= 200 && headers.containsKey("content-length")) {
            body.write(in.readNBytes(Integer.parseInt(headers.get("content-length"))));
        } else if (status >= 200 && "chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            for (int size = Integer.parseInt(line().split(";")[0].trim(), 16);
                    size > 0;
                    size = Integer.parseInt(line().split(";")[0].trim(), 16)) {
                body.write(in.readNBytes(size));
                line();
            }
            line();
        }
        return new Answer(status, headers, body.toString(StandardCharsets.UTF_8));
    }

    private String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("the server closed the connection after: " + line);
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
