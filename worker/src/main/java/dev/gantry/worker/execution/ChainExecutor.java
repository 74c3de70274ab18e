package dev.gantry.worker.execution;

import dev.gantry.model.AssertionFailure;
import dev.gantry.model.ConformanceVerdict;
import dev.gantry.model.RequestTemplate;
import dev.gantry.model.RetryOn;
import dev.gantry.model.RetryPolicy;
import dev.gantry.model.StepDetail;
import dev.gantry.model.StepDetailLevel;
import dev.gantry.model.StepStatus;
import dev.gantry.model.Template;
import dev.gantry.model.WorkItem;
import dev.gantry.worker.config.WorkerProperties;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.SSLException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Executes one work item: the steps of its chain in order, with the variables of its data row and
 * those extracted by earlier steps. A step that does not pass skips the rest of the chain, except
 * the steps whose case runs after a failure (as Newman runs every request of an iteration).
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
        Variables vars = Variables.of(run, item, row, setup, clock);
        List<StepDetail> steps = new ArrayList<>(chain.size());
        List<StepDetail> retried = new ArrayList<>(0);
        String skipReason = null;
        for (int index = 0; index < chain.size(); index++) {
            CompiledCase step = chain.get(index);
            StepDetail detail;
            if (skipReason == null || step.definition().runAfterFailure()) {
                detail = executeWithRetries(run, item, index, step, vars, retried);
                if (!detail.status().successful() && skipReason == null) {
                    skipReason = "skipped because step " + index + " ('"
                            + step.definition().name() + "') "
                            + detail.status().name().toLowerCase();
                }
            } else {
                detail = new StepAttempt(run, item, index, step, 1).skipped(skipReason, clock.millis());
            }
            if (!detail.status().successful()) {
                // a later step that runs after this failure meets what this one did not extract unresolved
                for (CompiledCase.CompiledExtraction x : step.extractions()) {
                    vars.due(x.extraction().name());
                }
            }
            steps.add(detail);
        }
        return new ChainResult(item, kept(run, item, steps, retried), retried, vars.extracted());
    }

    /**
     * The chain's details as the run's {@link StepDetailLevel} keeps them: whole, or abridged when
     * every step passed at its first try, conformed, and the work item is not one of the sample.
     */
    static List<StepDetail> kept(CompiledRun run, WorkItem item, List<StepDetail> steps, List<StepDetail> retried) {
        if (run.stepDetails().keepsPassedChain(item.seq()) || !retried.isEmpty()) {
            return steps;
        }
        for (StepDetail step : steps) {
            if (step.status() != StepStatus.PASSED
                    || (step.conformance() != null && !step.conformance().conforms())) {
                return steps;
            }
        }
        List<StepDetail> abridged = new ArrayList<>(steps.size());
        for (StepDetail step : steps) {
            abridged.add(step.abridge());
        }
        return abridged;
    }

    /** Tries a step as its retry policy allows; earlier attempts go to {@code retried}. */
    private StepDetail executeWithRetries(
            CompiledRun run, WorkItem item, int index, CompiledCase step, Variables vars, List<StepDetail> retried)
            throws InterruptedException {
        RetryPolicy policy = step.definition().retry();
        int attempts = policy == null ? 1 : policy.attempts();
        for (int attempt = 1; ; attempt++) {
            Attempt result = executeStep(new StepAttempt(run, item, index, step, attempt), vars);
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

    private Attempt executeStep(StepAttempt step, Variables vars) throws InterruptedException {
        CompiledCase compiled = step.compiled();
        RequestTemplate template = compiled.definition().request();
        StepAttempt.Sent sent = new StepAttempt.Sent(clock.millis());
        try {
            sent.url = RequestRendering.url(step.run().baseUrl(), compiled, vars);
            sent.headers = RequestRendering.headers(compiled, vars);
            sent.body = RequestRendering.body(compiled, vars);
            List<HttpTransport.Part> parts = RequestRendering.parts(compiled, vars);
            if (!parts.isEmpty()) {
                // the detail shows the parts, not the encoded body
                sent.body = RequestRendering.shown(parts);
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
            HttpTransport.Outgoing request = new HttpTransport.Outgoing(
                    template.method().name(),
                    sent.url,
                    sent.headers,
                    parts.isEmpty() ? sent.body : null,
                    Duration.ofMillis(template.timeoutMs()),
                    step.run().followRedirects(),
                    step.run().verifyTls(),
                    parts,
                    // what must not follow a redirect to another origin
                    step.run().followRedirects() ? redaction.credentialHeaders(sent.headers) : Set.of(),
                    step.run().maxResponseBytes());
            if (step.run().requestRate() != null) {
                permits.acquire(step.run().requestRate());
            }
            long start = System.nanoTime();
            HttpTransport.Answer response = http.send(request);
            long micros = (System.nanoTime() - start) / 1_000;
            Object document = compiled.needsJson() ? ResponseChecks.document(response.body()) : null;
            List<AssertionFailure> failures = new ArrayList<>();
            ResponseChecks.all(compiled, response, document, micros, vars, failures);
            Extractions.extract(compiled, response, document, vars, failures);
            if (response.truncated() && !failures.isEmpty()) {
                failures = ResponseChecks.onWhatWasKept(failures, response);
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

    private Attempt errored(StepAttempt step, StepAttempt.Sent sent, String error, Set<RetryOn> troubles) {
        return new Attempt(step.errored(sent, error, properties.maxBodyChars()), troubles);
    }
}
