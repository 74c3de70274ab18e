package dev.gantry.worker.execution;

import dev.gantry.model.AssertionFailure;
import dev.gantry.model.BodyType;
import dev.gantry.model.ConformanceVerdict;
import dev.gantry.model.Expectations;
import dev.gantry.model.ExtractionSource;
import dev.gantry.model.RequestTemplate;
import dev.gantry.model.RetryOn;
import dev.gantry.model.RetryPolicy;
import dev.gantry.model.StepDetail;
import dev.gantry.model.StepStatus;
import dev.gantry.model.Template;
import dev.gantry.model.WorkItem;
import dev.gantry.worker.config.WorkerProperties;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import java.util.regex.Matcher;
import java.util.stream.Collectors;
import javax.net.ssl.SSLException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Executes one work item: the steps of its chain in order, with the variables of its data row and
 * those extracted by earlier steps. A step that does not pass skips the rest of the chain.
 * Touches the network only; storing and counting happen once per chunk elsewhere.
 */
@Component
public class ChainExecutor {
    private final HttpTransport http;
    private final RequestPermits permits;
    private final OAuth2Tokens tokens;
    private final WorkerProperties properties;
    private final InFlightRequests inFlight;
    private final Clock clock;

    /** Without a request rate cap, nothing to cancel. */
    ChainExecutor(HttpTransport http, OAuth2Tokens tokens, WorkerProperties properties, Clock clock) {
        this(http, tokens, RequestPermits.NONE, properties, new InFlightRequests(), clock);
    }

    @Autowired
    ChainExecutor(
            HttpTransport http,
            OAuth2Tokens tokens,
            RequestPermits permits,
            WorkerProperties properties,
            InFlightRequests inFlight,
            Clock clock) {
        this.http = http;
        this.permits = permits;
        this.tokens = tokens;
        this.properties = properties;
        this.inFlight = inFlight;
        this.clock = clock;
    }

    public ChainResult execute(CompiledRun run, WorkItem item, Map<String, String> row) throws InterruptedException {
        return execute(run, item, row, Map.of());
    }

    /** Executes a work item with the variables the run's setup extracted. */
    public ChainResult execute(CompiledRun run, WorkItem item, Map<String, String> row, Map<String, String> setup)
            throws InterruptedException {
        List<CompiledCase> chain = run.chains().get(item.chainIndex());
        if (!usesPatterns(chain)) {
            return executeChain(run, item, row, setup, chain);
        }
        BoundedRegex.Budget budget = new BoundedRegex.Budget(properties.regexTimeLimit());
        // a cancelled run stops its regular expressions as it aborts its requests
        try (InFlightRequests.Registration registration = inFlight.register(() -> {
            budget.cancelled().set(true);
            return true;
        })) {
            return BoundedRegex.within(budget, () -> executeChain(run, item, row, setup, chain));
        }
    }

    private static boolean usesPatterns(List<CompiledCase> chain) {
        for (CompiledCase step : chain) {
            if (step.usesPatterns()) {
                return true;
            }
        }
        return false;
    }

    private ChainResult executeChain(
            CompiledRun run,
            WorkItem item,
            Map<String, String> row,
            Map<String, String> setup,
            List<CompiledCase> chain)
            throws InterruptedException {
        Map<String, String> suite = run.suiteVariables();
        Map<String, String> secrets = run.secrets();
        Map<String, String> environment = run.environmentVariables();
        Map<String, String> extracted = new HashMap<>();
        // with a seed, each work item draws the same values in every run
        RandomGenerator random = run.seed() == null
                ? ThreadLocalRandom.current()
                : new SplittableRandom(run.seed() * 0x9E3779B97F4A7C15L + item.seq());
        // lowest to highest: environment (its secrets above its variables) < suite < setup < data row < extracted
        Function<String, String> vars = name -> {
            if (name.charAt(0) == '$') {
                return BuiltInValues.value(name, random, clock);
            }
            String value = extracted.get(name);
            if (value == null) {
                value = row.get(name);
            }
            if (value == null) {
                value = setup.get(name);
            }
            if (value == null) {
                value = suite.get(name);
            }
            if (value == null) {
                value = secrets.get(name);
            }
            return value != null ? value : environment.get(name);
        };
        List<StepDetail> steps = new ArrayList<>(chain.size());
        List<StepDetail> retried = new ArrayList<>(0);
        String skipReason = null;
        for (int index = 0; index < chain.size(); index++) {
            CompiledCase step = chain.get(index);
            StepDetail detail;
            if (skipReason == null) {
                detail = executeWithRetries(run, item, index, step, vars, extracted, retried);
                if (!detail.status().successful()) {
                    skipReason = "skipped because step " + index + " ('"
                            + step.definition().name() + "') "
                            + detail.status().name().toLowerCase();
                }
            } else {
                detail = new Step(run, item, index, step, 1).skipped(skipReason, clock.millis());
            }
            steps.add(detail);
        }
        return new ChainResult(item, steps, retried, extracted);
    }

    /** Tries a step as its retry policy allows; earlier attempts go to {@code retried}. */
    private StepDetail executeWithRetries(
            CompiledRun run,
            WorkItem item,
            int index,
            CompiledCase step,
            Function<String, String> vars,
            Map<String, String> extracted,
            List<StepDetail> retried)
            throws InterruptedException {
        RetryPolicy policy = step.definition().retry();
        int attempts = policy == null ? 1 : policy.attempts();
        for (int attempt = 1; ; attempt++) {
            Attempt result = executeStep(new Step(run, item, index, step, attempt), vars, extracted);
            StepDetail detail = result.detail();
            if (detail.status() == StepStatus.PASSED) {
                return attempt == 1 ? detail : detail.withStatus(StepStatus.FLAKY);
            }
            if (attempt == attempts || !policy.retries(result.troubles())) {
                return detail;
            }
            retried.add(detail);
            Thread.sleep(policy.backoffBefore(attempt + 1));
        }
    }

    /** One attempt's detail and what went wrong in it, for the retry policy. */
    record Attempt(StepDetail detail, Set<RetryOn> troubles) {}

    private Attempt executeStep(Step step, Function<String, String> vars, Map<String, String> extracted)
            throws InterruptedException {
        CompiledCase compiled = step.compiled();
        RequestTemplate template = compiled.definition().request();
        Sent sent = new Sent(clock.millis());
        try {
            sent.url = url(step.run().baseUrl(), compiled, vars);
            sent.headers = headers(compiled, vars);
            sent.body = compiled.body() == null ? null : compiled.body().render(vars);
            List<HttpTransport.Part> parts = compiled.parts().stream()
                    .map(p -> new HttpTransport.Part(
                            p.name().render(vars),
                            p.filename() == null ? null : p.filename().render(vars),
                            p.contentType() == null ? null : p.contentType().render(vars),
                            p.content().render(vars)))
                    .toList();
            if (!parts.isEmpty()) {
                // the detail shows the parts, not the encoded body
                sent.body = parts.stream()
                        .map(p -> p.name() + (p.filename() == null ? "" : " (file " + p.filename() + ")") + ": "
                                + p.content())
                        .collect(Collectors.joining("\n"));
                sent.headers.keySet().removeIf(name -> name.equalsIgnoreCase("content-type"));
            }
            Redaction redaction = step.run().redaction();
            if (step.run().auth() != null) {
                sent.url = step.run()
                        .auth()
                        .apply(
                                sent.url,
                                sent.headers,
                                vars,
                                tokens.forRun(step.run().runId()),
                                redaction);
            }
            // what must not follow a redirect to another origin
            Set<String> credentialHeaders = Set.of();
            if (step.run().followRedirects()) {
                credentialHeaders = new HashSet<>();
                for (Map.Entry<String, String> header : sent.headers.entrySet()) {
                    if (Redaction.credentialHeader(header.getKey()) || redaction.carriesSecret(header.getValue())) {
                        credentialHeaders.add(header.getKey());
                    }
                }
            }
            HttpTransport.Outgoing request = new HttpTransport.Outgoing(
                    template.method().name(),
                    sent.url,
                    sent.headers,
                    parts.isEmpty() ? sent.body : null,
                    Duration.ofMillis(template.timeoutMs()),
                    step.run().followRedirects(),
                    step.run().verifyTls(),
                    parts,
                    credentialHeaders,
                    step.run().maxResponseBytes());
            if (step.run().requestRate() != null) {
                permits.acquire(step.run().requestRate());
            }
            long start = System.nanoTime();
            HttpTransport.Answer response = http.send(request);
            long micros = (System.nanoTime() - start) / 1_000;
            Object document = compiled.needsJson() ? parse(response.body()) : null;
            List<AssertionFailure> failures = new ArrayList<>();
            evaluate(compiled, response, document, micros, vars, failures);
            extract(compiled, response, document, extracted, failures);
            if (response.truncated() && !failures.isEmpty()) {
                failures = onWhatWasKept(failures, response);
            }
            StepStatus status = failures.isEmpty() ? StepStatus.PASSED : StepStatus.FAILED;
            Set<RetryOn> troubles = EnumSet.noneOf(RetryOn.class);
            if (!failures.isEmpty()) {
                troubles.add(RetryOn.ASSERTION);
            }
            if (response.status() >= 500) {
                troubles.add(RetryOn.SERVER_ERROR);
            }
            // the documentation's verdict, apart from the case's own expectations
            ConformanceVerdict conformance = compiled.conformance() == null
                    ? null
                    : compiled.conformance()
                            .check(response.status(), response.headers().get("content-type"), response.body());
            return new Attempt(
                    step.executed(status, sent, response, micros, failures, properties.maxBodyChars())
                            .withConformance(conformance),
                    troubles);
        } catch (Template.UnknownVariableException e) {
            return errored(step, sent, e.getMessage() + " in the request", Set.of());
        } catch (HttpTransport.ConnectTimeoutException e) {
            return errored(
                    step,
                    sent,
                    "connect timeout after " + properties.connectTimeout().toMillis() + " ms",
                    Set.of(RetryOn.CONNECTION));
        } catch (HttpTransport.TimeoutException e) {
            return errored(
                    step, sent, "timeout: no response within " + template.timeoutMs() + " ms", Set.of(RetryOn.TIMEOUT));
        } catch (SSLException e) {
            return errored(
                    step, sent, "TLS error with " + sent.url + ": " + e.getMessage(), Set.of(RetryOn.CONNECTION));
        } catch (ConnectException e) {
            return errored(step, sent, "connection refused by " + sent.url, Set.of(RetryOn.CONNECTION));
        } catch (HttpTransport.SlowBodyException e) {
            return errored(step, sent, "timeout: " + e.getMessage(), Set.of(RetryOn.TIMEOUT));
        } catch (GuardedDnsResolver.RefusedTargetException e) {
            return errored(step, sent, e.getMessage(), Set.of());
        } catch (IOException e) {
            return errored(step, sent, "transport error: " + e, Set.of(RetryOn.CONNECTION));
        } catch (IllegalArgumentException e) {
            return errored(step, sent, "invalid request: " + e.getMessage(), Set.of());
        }
    }

    /** Failures of checks on the body say that they saw only the part of it a worker keeps. */
    private List<AssertionFailure> onWhatWasKept(List<AssertionFailure> failures, HttpTransport.Answer response) {
        String note = " (checked on the first " + response.body().length() + " characters of " + response.bodyBytes()
                + " bytes: a worker keeps gantry.worker.max-response-bytes of an answer; an environment may ask"
                + " for more with maxResponseBytes)";
        List<AssertionFailure> noted = new ArrayList<>(failures.size());
        for (AssertionFailure f : failures) {
            boolean onBody = !(f.check().equals("status")
                    || f.check().equals("content type")
                    || f.check().equals("response time")
                    || f.check().startsWith("header ")
                    || f.check().startsWith("extract ")
                            && (f.check().contains(" from header ") || f.check().endsWith(" from status")));
            noted.add(onBody ? new AssertionFailure(f.check(), f.expected(), f.actual() + note) : f);
        }
        return noted;
    }

    private Attempt errored(Step step, Sent sent, String error, Set<RetryOn> troubles) {
        return new Attempt(step.errored(sent, error, properties.maxBodyChars()), troubles);
    }

    private static String url(String baseUrl, CompiledCase step, Function<String, String> vars) {
        String path = step.path().render(vars);
        StringBuilder url = new StringBuilder(128);
        if (path.startsWith("http://") || path.startsWith("https://")) {
            url.append(path);
        } else {
            url.append(baseUrl);
            if (!path.startsWith("/")) {
                url.append('/');
            }
            url.append(path);
        }
        char separator = url.indexOf("?") >= 0 ? '&' : '?';
        for (Map.Entry<String, Template> parameter : step.query().entrySet()) {
            url.append(separator)
                    .append(URLEncoder.encode(parameter.getKey(), StandardCharsets.UTF_8))
                    .append('=')
                    .append(URLEncoder.encode(parameter.getValue().render(vars), StandardCharsets.UTF_8));
            separator = '&';
        }
        return url.toString();
    }

    private static Map<String, String> headers(CompiledCase step, Function<String, String> vars) {
        Map<String, String> headers = new LinkedHashMap<>();
        step.headers().forEach((name, value) -> headers.put(name, value.render(vars)));
        BodyType bodyType = step.definition().request().bodyType();
        if (step.body() != null && bodyType.contentType() != null) {
            headers.putIfAbsent("content-type", bodyType.contentType());
        }
        return headers;
    }

    private static Object parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return ResponseChecks.PROVIDER.parse(body);
        } catch (RuntimeException notJson) {
            return null;
        }
    }

    private static void evaluate(
            CompiledCase step,
            HttpTransport.Answer response,
            Object document,
            long micros,
            Function<String, String> vars,
            List<AssertionFailure> failures) {
        Expectations expectations = step.definition().expectations();
        ResponseChecks.status(expectations, response.status(), failures);
        ResponseChecks.contentType(expectations, response, failures);
        for (CompiledCase.JsonCheck check : step.jsonChecks()) {
            ResponseChecks.json(check, document, vars, failures);
        }
        for (CompiledCase.HeaderExpectation check : step.headerChecks()) {
            ResponseChecks.header(check, response, vars, failures);
        }
        ResponseChecks.bodyContains(step.bodyContains(), true, response.body(), vars, failures);
        ResponseChecks.bodyContains(step.bodyNotContains(), false, response.body(), vars, failures);
        if (step.schema() != null) {
            step.schema().check(response.body(), failures);
        }
        Long max = expectations.maxResponseTimeMs();
        if (max != null && micros > max * 1_000) {
            failures.add(new AssertionFailure("response time", "<= " + max + " ms", (micros / 1_000) + " ms"));
        }
    }

    /** An extraction whose regular expression was stopped (identity, not content, tells it). */
    @SuppressWarnings("StringOperationCanBeSimplified")
    private static final String STOPPED = new String("stopped");

    private static void extract(
            CompiledCase step,
            HttpTransport.Answer response,
            Object document,
            Map<String, String> extracted,
            List<AssertionFailure> failures) {
        for (CompiledCase.CompiledExtraction x : step.extractions()) {
            String value =
                    switch (x.extraction().source()) {
                        case STATUS -> String.valueOf(response.status());
                        case HEADER ->
                            response.header(x.extraction().expression()).orElse(null);
                        case BODY -> {
                            Object found = ResponseChecks.read(x.path(), document);
                            yield found == ResponseChecks.MISSING || found == null ? null : ResponseChecks.text(found);
                        }
                        case REGEX -> {
                            Matcher matcher = BoundedRegex.matcher(x.pattern(), response.body());
                            try {
                                yield !matcher.find()
                                        ? null
                                        : matcher.groupCount() > 0 ? matcher.group(1) : matcher.group();
                            } catch (BoundedRegex.StoppedException e) {
                                failures.add(new AssertionFailure(
                                        "extract " + x.extraction().name() + " from regex "
                                                + x.extraction().expression(),
                                        "a value",
                                        e.getMessage()));
                                yield STOPPED;
                            }
                        }
                    };
            if (value == STOPPED) {
                continue; // said why above; a default would hide it
            }
            if (value == null) {
                value = x.extraction().defaultValue();
            }
            if (value == null) {
                String from = x.extraction().source() == ExtractionSource.STATUS
                        ? "status"
                        : x.extraction().source().name().toLowerCase() + " "
                                + x.extraction().expression();
                failures.add(new AssertionFailure(
                        "extract " + x.extraction().name() + " from " + from, "a value", "nothing matched"));
            } else {
                extracted.put(x.extraction().name(), value);
            }
        }
    }

    /** What was (about to be) sent, kept for the step detail even when sending failed. */
    static final class Sent {
        final long startedAtMs;
        String url;
        Map<String, String> headers = Map.of();
        String body;

        Sent(long startedAtMs) {
            this.startedAtMs = startedAtMs;
        }
    }

    /** One step of one work item, and how its detail is built. */
    record Step(CompiledRun run, WorkItem item, int index, CompiledCase compiled, int attempt) {
        StepDetail executed(
                StepStatus status,
                Sent sent,
                HttpTransport.Answer response,
                long micros,
                List<AssertionFailure> failures,
                int maxBody) {

            return detail(
                            status,
                            sent,
                            response.status(),
                            response.headers(),
                            response.body(),
                            micros,
                            failures,
                            null,
                            maxBody)
                    .withResponseBytes(response.bodyBytes());
        }

        StepDetail errored(Sent sent, String error, int maxBody) {
            return detail(StepStatus.ERRORED, sent, null, null, null, 0, List.of(), error, maxBody);
        }

        StepDetail skipped(String reason, long nowMs) {
            return detail(StepStatus.SKIPPED, new Sent(nowMs), null, null, null, 0, List.of(), reason, 0);
        }

        private StepDetail detail(
                StepStatus status,
                Sent sent,
                Integer responseStatus,
                Map<String, String> responseHeaders,
                String responseBody,
                long micros,
                List<AssertionFailure> failures,
                String error,
                int maxBody) {
            Redaction redaction = run.redaction();
            Map<String, String> requestHeaders = new LinkedHashMap<>();
            sent.headers.forEach((name, value) -> requestHeaders.put(name, redaction.header(name, value)));
            Map<String, String> shownResponseHeaders = new LinkedHashMap<>();
            if (responseHeaders != null) {
                responseHeaders.forEach((name, value) -> shownResponseHeaders.put(name, redaction.header(name, value)));
            }
            return new StepDetail(
                    StepDetail.SCHEMA_VERSION,
                    run.runId(),
                    item.seq(),
                    item.rowIndex(),
                    index,
                    attempt,
                    compiled.definition().id(),
                    compiled.definition().name(),
                    status,
                    compiled.definition().request().method().name(),
                    redaction.text(sent.url),
                    requestHeaders,
                    // redacted whole, then cut: a cut could leave a secret's head unrecognisable
                    truncate(redaction.text(sent.body), maxBody),
                    responseStatus,
                    shownResponseHeaders,
                    truncate(redaction.text(responseBody), maxBody),
                    sent.startedAtMs,
                    micros,
                    redaction.failures(failures),
                    redaction.text(error));
        }

        private static String truncate(String text, int max) {
            if (text == null || text.length() <= max) {
                return text;
            }
            return text.substring(0, max) + "…(" + (text.length() - max) + " more characters)";
        }
    }
}
