package dev.gantry.worker.execution;

import java.io.IOException;
import org.apache.hc.client5.http.HttpRequestRetryStrategy;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.Method;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.util.TimeValue;

/**
 * Sends an idempotent request once more when a kept-alive connection turned out to be closed by
 * the server (it answered nothing at all): the request cannot have been processed twice in a way
 * that matters. A POST or PATCH is never repeated here; a user's retry policy may ask for it.
 * Statuses are never retried here either: a 503 is the test's to see.
 */
final class StaleConnectionRetry implements HttpRequestRetryStrategy {

    @Override
    public boolean retryRequest(HttpRequest request, IOException exception, int execCount, HttpContext context) {
        return execCount == 1
                && exception instanceof NoHttpResponseException
                && Method.isIdempotent(request.getMethod());
    }

    @Override
    public boolean retryRequest(HttpResponse response, int execCount, HttpContext context) {
        return false;
    }

    @Override
    public TimeValue getRetryInterval(HttpResponse response, int execCount, HttpContext context) {
        return TimeValue.ZERO_MILLISECONDS;
    }
}
