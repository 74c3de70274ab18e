package dev.gantry.worker.execution;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Sends one HTTP request and reads the whole answer. The worker's only way out to targets. */
public interface HttpTransport {

    /**
     * What to send; header names as given, the body already rendered.
     *
     * @param timeout           bounds the whole exchange, the answer's body to its last byte
     * @param maxBodyBytes      how much of the answer's body to keep in memory (0: the worker's
     *                          {@code gantry.worker.max-response-bytes}); the rest is counted
     * @param credentialHeaders headers that are sent to the request's own origin only, never
     *                          along a redirect to another one (beside those that always carry
     *                          credentials, such as Authorization and Cookie)
     */
    record Outgoing(
            String method,
            String url,
            Map<String, String> headers,
            String body,
            Duration timeout,
            boolean followRedirects,
            boolean verifyTls,
            List<Part> parts,
            Set<String> credentialHeaders,
            long maxBodyBytes) {

        /** Redirects not followed, TLS verified, no multipart parts, the worker's answer size bound. */
        public Outgoing(String method, String url, Map<String, String> headers, String body, Duration timeout) {
            this(method, url, headers, body, timeout, false, true, List.of(), Set.of(), 0);
        }
    }

    /** A rendered multipart/form-data part; with a filename it is sent as a file. */
    record Part(String name, String filename, String contentType, String content) {}

    /**
     * What came back.
     *
     * @param headers   header values by case-insensitive name, repeated headers joined with ", "
     * @param body      the body as far as it was kept ({@link Outgoing#maxBodyBytes})
     * @param bodyBytes the whole body's size, counted to its end
     * @param truncated whether {@code body} is only the first part of it
     */
    record Answer(int status, Map<String, String> headers, String body, long bodyBytes, boolean truncated) {
        /** An answer read whole. */
        public Answer(int status, Map<String, String> headers, String body) {
            this(status, headers, body, body.getBytes(java.nio.charset.StandardCharsets.UTF_8).length, false);
        }

        public Optional<String> header(String name) {
            return Optional.ofNullable(headers.get(name));
        }
    }

    /** A request that got no answer within its timeout. */
    final class TimeoutException extends IOException {
        public TimeoutException(String message) {
            super(message);
        }
    }

    /** An answer whose body had not ended when the request's timeout passed. */
    final class SlowBodyException extends IOException {
        public SlowBodyException(String message) {
            super(message);
        }
    }

    /** The connection to the target could not be made in time. */
    final class ConnectTimeoutException extends IOException {
        public ConnectTimeoutException(String message) {
            super(message);
        }
    }

    Answer send(Outgoing request) throws IOException, InterruptedException;
}
