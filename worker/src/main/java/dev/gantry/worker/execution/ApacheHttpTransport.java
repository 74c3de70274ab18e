package dev.gantry.worker.execution;

import dev.gantry.model.MetricNames;
import dev.gantry.model.ServicePorts;
import dev.gantry.worker.config.TargetsProperties;
import dev.gantry.worker.config.WorkerProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.httpcomponents.hc5.PoolingHttpClientConnectionManagerMetricsBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.net.ssl.SSLException;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.entity.mime.MultipartEntityBuilder;
import org.apache.hc.client5.http.impl.DefaultRedirectStrategy;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.client5.http.ssl.NoopHostnameVerifier;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.client5.http.ssl.TrustAllStrategy;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.support.ClassicRequestBuilder;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.net.URIAuthority;
import org.apache.hc.core5.ssl.SSLContexts;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Apache HttpClient 5 (classic, blocking I/O) called from virtual threads: one pooled client per
 * worker, connections kept alive across steps and runs. Chosen over the JDK client and Jetty by
 * measurement (README, "Benchmark"). Nothing implicit: redirects only where the environment asks,
 * no cookie jar shared between chains, no content decompression, and no retries but one: see
 * {@link StaleConnectionRetry}.
 */
@Component
public class ApacheHttpTransport implements HttpTransport, DisposableBean {
    /** Connections idle longer than this are checked before reuse; keeps stale keep-alives from failing a step. */
    static final TimeValue VALIDATE_AFTER_INACTIVITY = TimeValue.ofSeconds(1);

    private final CloseableHttpClient client;
    /** For environments that switched TLS verification off (self-signed staging certificates). */
    private final CloseableHttpClient trustingClient;

    private final WorkerProperties properties;
    private final InFlightRequests inFlight;

    /** Requests that got no answer, by kind; counted here, where the exception types are known. */
    private final Counter connectErrors;

    private final Counter timeoutErrors;
    private final Counter tlsErrors;
    private final Counter otherErrors;

    /**
     * Without metrics (the benchmark's raw baseline, unit tests); link-local targets and the default
     * service ports refused.
     */
    public ApacheHttpTransport(WorkerProperties properties) {
        this(
                properties,
                new SimpleMeterRegistry(),
                new InFlightRequests(),
                false,
                ServicePorts.of(ServicePorts.DEFAULTS, List.of()));
    }

    /**
     * @param inFlight           where requests under way are registered, so that a cancelled run's
     *                           calls can be aborted
     * @param allowLinkLocal     whether targets may be on link-local and metadata addresses
     *                           ({@link dev.gantry.model.TargetAddresses}); off unless an operator says so
     * @param servicePorts       the farm's own service ports, refused as targets on every hop
     */
    public ApacheHttpTransport(
            WorkerProperties properties,
            MeterRegistry meters,
            InFlightRequests inFlight,
            boolean allowLinkLocal,
            ServicePorts servicePorts) {
        this.properties = properties;
        this.inFlight = inFlight;
        DnsResolver dns = allowLinkLocal ? SystemDefaultDnsResolver.INSTANCE : new GuardedDnsResolver();
        this.client = client(properties, null, dns, meters, "verifying", servicePorts);
        this.trustingClient = client(properties, trustAll(), dns, meters, "trusting", servicePorts);
        this.connectErrors = httpErrors(meters, "connect");
        this.timeoutErrors = httpErrors(meters, "timeout");
        this.tlsErrors = httpErrors(meters, "tls");
        this.otherErrors = httpErrors(meters, "other");
    }

    @Autowired
    ApacheHttpTransport(
            WorkerProperties properties,
            MeterRegistry meters,
            InFlightRequests inFlight,
            TargetsProperties targets,
            Environment environment) {
        this(
                properties,
                meters,
                inFlight,
                targets.allowLinkLocal(),
                ServicePorts.configured(environment::getProperty, "server.port", "management.server.port"));
    }

    private static Counter httpErrors(MeterRegistry meters, String kind) {
        return Counter.builder(MetricNames.HTTP_ERRORS)
                .tag("kind", kind)
                .description("requests to targets that got no HTTP answer")
                .register(meters);
    }

    private static CloseableHttpClient client(
            WorkerProperties properties,
            TlsSocketStrategy tls,
            DnsResolver dns,
            MeterRegistry meters,
            String name,
            ServicePorts servicePorts) {
        PoolingHttpClientConnectionManagerBuilder connections = PoolingHttpClientConnectionManagerBuilder.create()
                .setDnsResolver(dns)
                .setMaxConnTotal(properties.maxConnections())
                .setMaxConnPerRoute(properties.maxConnections())
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(properties.connectTimeout()))
                        .setValidateAfterInactivity(VALIDATE_AFTER_INACTIVITY)
                        .build());
        if (tls != null) {
            connections.setTlsSocketStrategy(tls);
        }
        PoolingHttpClientConnectionManager pool = connections.build();
        new PoolingHttpClientConnectionManagerMetricsBinder(pool, name).bindTo(meters);
        // redirects are switched per request (RequestConfig), per the environment's policy
        return HttpClients.custom()
                .setConnectionManager(pool)
                .addRequestInterceptorLast((request, entity, context) -> refuseServicePorts(servicePorts, request))
                .addRequestInterceptorLast(ApacheHttpTransport::keepCredentialsAtTheirOrigin)
                .setRedirectStrategy(FOLLOW_WITHOUT_CREDENTIALS)
                .setRetryStrategy(new StaleConnectionRetry())
                .disableCookieManagement()
                .disableContentCompression()
                .disableAuthCaching()
                .setUserAgent("Gantry")
                .build();
    }

    /**
     * HttpClient declines a redirect to another host when the request carries credentials, and
     * the step ends on the 3xx; a browser or Postman follows it without them, as this does: the
     * credentials are taken off that hop by {@link #keepCredentialsAtTheirOrigin}.
     */
    private static final DefaultRedirectStrategy FOLLOW_WITHOUT_CREDENTIALS = new DefaultRedirectStrategy() {
        @Override
        public boolean isRedirectAllowed(
                HttpHost currentTarget, HttpHost newTarget, HttpRequest redirect, HttpContext context) {
            return true;
        }
    };

    /** Runs before each hop, redirects included: no request goes to one of the farm's own services. */
    private static void refuseServicePorts(ServicePorts servicePorts, HttpRequest request) throws IOException {
        URIAuthority authority = request.getAuthority();
        String refusal = servicePorts.refusal(request.getScheme(), authority == null ? -1 : authority.getPort());
        if (refusal != null) {
            throw new GuardedDnsResolver.RefusedTargetException(
                    (authority == null ? "the target" : authority.getHostName()) + " is refused as a target: "
                            + refusal);
        }
    }

    /** The first hop's origin and the headers that may go to it only, for every hop of a request. */
    private record Origin(String scheme, String authority, Set<String> credentialHeaders) {
        static final String ATTRIBUTE = Origin.class.getName();
    }

    /**
     * Runs before each hop of a request, redirects included: a hop to another origin (scheme, host
     * or port) goes without the credential headers, so a target cannot redirect a run's
     * credentials to a host of its choosing.
     */
    private static void keepCredentialsAtTheirOrigin(HttpRequest request, EntityDetails entity, HttpContext context) {
        if (!(context.getAttribute(Origin.ATTRIBUTE) instanceof Origin origin)) {
            return;
        }
        URIAuthority authority = request.getAuthority();
        boolean sameOrigin = origin.scheme().equalsIgnoreCase(request.getScheme())
                && authority != null
                && origin.authority().equalsIgnoreCase(authority.toString());
        if (sameOrigin) {
            return;
        }
        for (Header header : request.getHeaders()) {
            String name = header.getName();
            if (Redaction.credentialHeader(name)
                    || origin.credentialHeaders().stream().anyMatch(name::equalsIgnoreCase)) {
                request.removeHeaders(name);
            }
        }
    }

    private static TlsSocketStrategy trustAll() {
        try {
            return ClientTlsStrategyBuilder.create()
                    .setSslContext(SSLContexts.custom()
                            .loadTrustMaterial(TrustAllStrategy.INSTANCE)
                            .build())
                    .setHostnameVerifier(NoopHostnameVerifier.INSTANCE)
                    .buildClassic();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build a TLS context", e);
        }
    }

    @Override
    public Answer send(Outgoing request) throws IOException {
        ClassicRequestBuilder builder =
                ClassicRequestBuilder.create(request.method()).setUri(request.url());
        String contentType = null;
        for (Map.Entry<String, String> header : request.headers().entrySet()) {
            if (header.getKey().equalsIgnoreCase("content-type")) {
                contentType = header.getValue();
            } else {
                builder.addHeader(header.getKey(), header.getValue());
            }
        }
        if (!request.parts().isEmpty()) {
            // the builder writes the Content-Type with its boundary; a case's own one would break it
            MultipartEntityBuilder multipart = MultipartEntityBuilder.create().setCharset(StandardCharsets.UTF_8);
            for (Part part : request.parts()) {
                ContentType type = part.contentType() == null
                        ? (part.filename() == null ? ContentType.TEXT_PLAIN : ContentType.APPLICATION_OCTET_STREAM)
                        : ContentType.parse(part.contentType());
                if (type.getCharset() == null && type.getMimeType().startsWith("text/")) {
                    type = type.withCharset(StandardCharsets.UTF_8);
                }
                byte[] bytes = part.content().getBytes(StandardCharsets.UTF_8);
                if (part.filename() == null) {
                    multipart.addTextBody(part.name(), part.content(), type);
                } else {
                    multipart.addBinaryBody(part.name(), bytes, type, part.filename());
                }
            }
            builder.setEntity(multipart.build());
        } else if (request.body() != null) {
            // bytes, not StringEntity: the Content-Type goes out exactly as the case wrote it
            builder.setEntity(new ByteArrayEntity(
                    request.body().getBytes(StandardCharsets.UTF_8),
                    contentType == null ? null : ContentType.parse(contentType)));
        } else if (contentType != null) {
            builder.addHeader("Content-Type", contentType);
        }
        // a request that can be aborted from another thread when its run is cancelled
        ClassicHttpRequest built = builder.build();
        HttpUriRequestBase outgoing;
        try {
            outgoing = new HttpUriRequestBase(built.getMethod(), built.getUri());
        } catch (java.net.URISyntaxException e) {
            throw new IOException("invalid URL " + request.url() + ": " + e.getMessage(), e);
        }
        outgoing.setHeaders(built.getHeaders());
        outgoing.setEntity(built.getEntity());
        RequestConfig config = RequestConfig.custom()
                .setRedirectsEnabled(request.followRedirects())
                .setResponseTimeout(Timeout.of(request.timeout()))
                .setConnectionRequestTimeout(Timeout.of(request.timeout()))
                .build();
        HttpClientContext context = HttpClientContext.create();
        context.setRequestConfig(config);
        if (request.followRedirects()) {
            URIAuthority authority = outgoing.getAuthority();
            context.setAttribute(
                    Origin.ATTRIBUTE,
                    new Origin(
                            outgoing.getScheme(),
                            authority == null ? "" : authority.toString(),
                            request.credentialHeaders()));
        }
        long maxBody = request.maxBodyBytes() > 0
                ? Math.min(
                        request.maxBodyBytes(), properties.maxResponseBytesCap().toBytes())
                : properties.maxResponseBytes().toBytes();
        long deadline = System.nanoTime() + request.timeout().toNanos();
        try (InFlightRequests.Registration registration = inFlight.register(outgoing)) {
            return (request.verifyTls() ? client : trustingClient).execute(outgoing, context, response -> {
                Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
                for (Header header : response.getHeaders()) {
                    headers.merge(header.getName(), header.getValue(), (a, b) -> a + ", " + b);
                }
                try {
                    return answer(
                            response.getCode(), headers, response.getEntity(), maxBody, deadline, request.timeout());
                } catch (SlowBodyException e) {
                    // the connection goes, unread: left to the client, its rest would be read to the end
                    outgoing.cancel();
                    throw e;
                }
            });
        } catch (org.apache.hc.client5.http.ConnectTimeoutException e) { // same simple name as ours
            connectErrors.increment();
            throw new ConnectTimeoutException(e.getMessage());
        } catch (SocketTimeoutException e) {
            timeoutErrors.increment();
            throw new TimeoutException(e.getMessage());
        } catch (IOException e) {
            errorsOfKind(e).increment();
            throw e;
        }
    }

    /**
     * The answer's body: its first {@code max} bytes kept, the rest read to its end and counted
     * (so the connection can be reused and the detail says how large the answer was), all of it
     * before {@code deadline}; a body that has not ended by then fails the request.
     */
    /** Bodies of a declared length up to this are read into an array of their size at once. */
    private static final long SMALL_BODY = 256 * 1024;

    private static Answer answer(
            int status, Map<String, String> headers, HttpEntity entity, long max, long deadline, Duration timeout)
            throws IOException {
        if (entity == null) {
            return new Answer(status, headers, "", 0, false);
        }
        InputStream in = entity.getContent();
        if (in == null) {
            return new Answer(status, headers, "", 0, false);
        }
        long declared = entity.getContentLength();
        byte[] kept;
        long total;
        if (declared >= 0 && declared <= Math.min(max, SMALL_BODY)) {
            // the usual answer: small and of a declared length, read straight into an array of its size
            // (a 16 KiB buffer per answer was a tenth of a worker's CPU, allocating and zeroing)
            kept = new byte[(int) declared];
            int filled = 0;
            for (int n; filled < kept.length && (n = in.read(kept, filled, kept.length - filled)) >= 0; ) {
                filled += n;
                checkDeadline(deadline, timeout, filled);
            }
            total = filled;
            if (filled < kept.length) {
                kept = Arrays.copyOf(kept, filled); // ended early: the connection is not reused
            }
        } else {
            java.io.ByteArrayOutputStream out =
                    new java.io.ByteArrayOutputStream((int) Math.min(Math.min(max, 64 * 1024), Math.max(declared, 32)));
            byte[] buffer = new byte[16 * 1024];
            total = 0;
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                if (out.size() < max) {
                    out.write(buffer, 0, (int) Math.min(n, max - out.size()));
                }
                total += n;
                checkDeadline(deadline, timeout, total);
            }
            kept = out.toByteArray();
        }
        Charset charset = StandardCharsets.UTF_8;
        if (entity.getContentType() != null) {
            try {
                Charset named = ContentType.parse(entity.getContentType()).getCharset();
                charset = named == null ? charset : named;
            } catch (RuntimeException unknownCharset) {
                // an unknown or malformed charset: read as UTF-8, as the rest of the worker does
            }
        }
        return new Answer(status, headers, new String(kept, charset), total, total > kept.length);
    }

    private static void checkDeadline(long deadline, Duration timeout, long soFar) throws SlowBodyException {
        if (System.nanoTime() - deadline > 0) {
            throw new SlowBodyException(
                    "the answer's body had not ended after " + timeout.toMillis() + " ms (" + soFar + " bytes so far)");
        }
    }

    private Counter errorsOfKind(IOException e) {
        if (e instanceof SSLException) {
            return tlsErrors;
        }
        if (e instanceof ConnectException || e instanceof UnknownHostException || e instanceof NoRouteToHostException) {
            return connectErrors;
        }
        return otherErrors;
    }

    @Override
    public void destroy() throws IOException {
        client.close();
        trustingClient.close();
    }
}
