package dev.gantry.controlplane.bodies;

import dev.gantry.controlplane.common.BodyTooLargeException;
import dev.gantry.controlplane.common.InvalidInputException;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URLDecoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A request whose body can be read only up to its limit: the limit starts at the filter's default
 * and is set to the chosen handler's before anything reads the body; reading past it throws
 * {@link BodyTooLargeException} at the first byte too many, so a streamed body is never held whole.
 * What is left of a refused body can be {@linkplain #drain() drained} through the same bound. Its
 * parameters are the query string's only: Tomcat is never asked to read a body for them.
 */
final class BoundedRequest extends HttpServletRequestWrapper {
    /** What a drain reads at a time; nothing of the body is kept. */
    private static final int DRAIN_BUFFER = 8 * 1024;

    private final Runnable onRefusal;
    private String limit;
    private long maxBytes;
    private boolean handlerLimit;
    private BoundedInputStream stream;
    private BufferedReader reader;
    private Map<String, String[]> parameters;

    BoundedRequest(HttpServletRequest request, String limit, long maxBytes, Runnable onRefusal) {
        super(request);
        this.limit = limit;
        this.maxBytes = maxBytes;
        this.onRefusal = onRefusal;
    }

    void limit(String limit, long maxBytes) {
        this.limit = limit;
        this.maxBytes = maxBytes;
        this.handlerLimit = true;
    }

    /** Whether the chosen handler's limit is set, rather than the filter's default. */
    boolean hasHandlerLimit() {
        return handlerLimit;
    }

    /**
     * Whether the container has been asked for the body: from then on a client that sent
     * {@code Expect: 100-continue} has been told to go on (Tomcat answers it at the first read).
     */
    boolean bodyStarted() {
        return stream != null && stream.started;
    }

    /**
     * Reads the rest of the body through the bound and throws it away, a buffer at a time: a
     * request refused before its end is then answered on a connection with nothing left unread, which
     * Tomcat keeps open, where otherwise it would close it under a client still sending (which then
     * often loses the answer to a reset). Works after whoever read the body closed its stream.
     *
     * @throws BodyTooLargeException at the first byte past the limit, as a read would
     * @throws IOException when the client stops sending (gone, or past the connector's read timeout)
     */
    void drain() throws IOException {
        BoundedInputStream in = stream();
        byte[] buffer = new byte[DRAIN_BUFFER];
        while (in.readBounded(buffer, 0, buffer.length) >= 0) {
            // discarded: only the end of the body matters
        }
    }

    String limitName() {
        return limit;
    }

    long maxBytes() {
        return maxBytes;
    }

    /** The refusal of a body declared larger than the limit, counted like one found while reading. */
    BodyTooLargeException refuse() {
        onRefusal.run();
        return new BodyTooLargeException(limit, maxBytes);
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
        if (reader != null) {
            throw new IllegalStateException("getReader() was called on this request");
        }
        return stream();
    }

    @Override
    public BufferedReader getReader() throws IOException {
        if (reader == null) {
            if (stream != null) {
                throw new IllegalStateException("getInputStream() was called on this request");
            }
            String encoding = getCharacterEncoding();
            Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
            reader = new BufferedReader(new InputStreamReader(stream(), charset));
        }
        return reader;
    }

    /*
     * Parameters come from the query string only. No endpoint takes a form, and Tomcat would read a
     * body sent as one (application/x-www-form-urlencoded, which is what curl's --data-binary sends
     * unless told otherwise) to look for parameters in it: outside the bound, leaving nothing for a
     * handler that reads its body itself (a specification came out empty), and failing past
     * max-http-form-post-size with an exception that answered 500.
     */

    @Override
    public String getParameter(String name) {
        String[] values = parameters().get(name);
        return values == null ? null : values[0];
    }

    @Override
    public Map<String, String[]> getParameterMap() {
        return parameters();
    }

    @Override
    public Enumeration<String> getParameterNames() {
        return Collections.enumeration(parameters().keySet());
    }

    @Override
    public String[] getParameterValues(String name) {
        String[] values = parameters().get(name);
        return values == null ? null : values.clone();
    }

    /**
     * The query string's parameters, decoded as Tomcat decodes them (UTF-8, {@code +} a space), in
     * their order; bounded by the request line's own limit.
     *
     * @throws InvalidInputException naming a parameter that is not URL-encoded (Tomcat's own parser
     *     throws an exception that answers 500), or for a name the firewall would refuse
     */
    private Map<String, String[]> parameters() {
        if (parameters == null) {
            Map<String, List<String>> found = new LinkedHashMap<>();
            String query = getQueryString();
            for (String pair : query == null ? new String[0] : query.split("&")) {
                int equals = pair.indexOf('=');
                String name = decode(equals < 0 ? pair : pair.substring(0, equals), "query");
                if (!name.codePoints().allMatch(c -> Character.isDefined(c) && !Character.isISOControl(c))) {
                    // the rule Spring Security's strict firewall holds parameter names to, which this bypasses
                    throw new InvalidInputException("query", "a parameter name has a control or unassigned character");
                }
                if (!name.isEmpty()) {
                    String value = equals < 0 ? "" : decode(pair.substring(equals + 1), name);
                    found.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
                }
            }
            Map<String, String[]> decoded = new LinkedHashMap<>();
            found.forEach((name, values) -> decoded.put(name, values.toArray(String[]::new)));
            parameters = Collections.unmodifiableMap(decoded);
        }
        return parameters;
    }

    private static String decode(String text, String field) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(field, "is not URL-encoded: " + e.getMessage());
        }
    }

    private BoundedInputStream stream() throws IOException {
        if (stream == null) {
            stream = new BoundedInputStream(super.getInputStream());
        }
        return stream;
    }

    /**
     * Counts what is read; never asks the container for more than one byte past the limit. Closing it
     * leaves the container's stream open (the container owns it), so that a drain can still read on.
     */
    private final class BoundedInputStream extends ServletInputStream {
        private final ServletInputStream in;
        private long read;
        private boolean refused;
        private boolean started;
        private boolean closed;

        BoundedInputStream(ServletInputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            open();
            check();
            started = true;
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            open();
            return readBounded(buffer, offset, length);
        }

        int readBounded(byte[] buffer, int offset, int length) throws IOException {
            check();
            if (length == 0) {
                return 0;
            }
            started = true;
            // one byte past the limit is enough to know; a body that ends at the limit reads -1 next
            long room = maxBytes - read + 1;
            int n = in.read(buffer, offset, (int) Math.min(length, room));
            if (n > 0) {
                count(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            open();
            check();
            started = true;
            long skipped = in.skip(Math.min(n, maxBytes - read + 1));
            count(skipped);
            return skipped;
        }

        private void open() throws IOException {
            if (closed) {
                throw new IOException("the request body's stream is closed");
            }
        }

        private void count(long n) throws BodyTooLargeException {
            read += n;
            check();
        }

        private void check() throws BodyTooLargeException {
            if (read > maxBytes) {
                if (!refused) {
                    refused = true;
                    onRefusal.run();
                }
                throw new BodyTooLargeException(limit, maxBytes);
            }
        }

        @Override
        public int available() throws IOException {
            return in.available();
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
