package dev.gantry.controlplane.bodies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.controlplane.common.BodyTooLargeException;
import dev.gantry.controlplane.common.InvalidInputException;
import dev.gantry.controlplane.security.Refusals;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.ServletInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.mock.web.DelegatingServletInputStream;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

class BodyLimitsTest {
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final Refusals refusals = new Refusals(meters);
    final BodyLimits limits = new BodyLimits(
            List.of(BodiesProperties.defaults(), () -> Map.of("gantry.test.tiny", 10L)),
            new StaticListableBeanFactory().getBeanProvider(RequestMappingHandlerMapping.class));

    double refused() {
        return meters.get("gantry.security.refusals")
                .tag("reason", "body-too-large")
                .counter()
                .count();
    }

    /** A container's input whose reads are counted, so a test sees how much was asked of it. */
    static final class CountingRequest extends MockHttpServletRequest {
        final AtomicLong taken = new AtomicLong();

        CountingRequest(byte[] body) {
            setMethod("POST");
            setContent(body);
        }

        @Override
        public ServletInputStream getInputStream() {
            return new DelegatingServletInputStream(new ByteArrayInputStream(getContentAsByteArray()) {
                @Override
                public synchronized int read() {
                    int b = super.read();
                    if (b >= 0) {
                        taken.incrementAndGet();
                    }
                    return b;
                }

                @Override
                public synchronized int read(byte[] b, int off, int len) {
                    int n = super.read(b, off, len);
                    if (n > 0) {
                        taken.addAndGet(n);
                    }
                    return n;
                }
            });
        }
    }

    BoundedRequest bounded(CountingRequest request, long maxBytes) {
        return new BoundedRequest(
                request, "gantry.test.tiny", maxBytes, () -> refusals.count(Refusals.Reason.BODY_TOO_LARGE));
    }

    @Test
    void aBodyAtItsLimitIsReadWholeAndOneByteMoreIsRefusedWithoutReadingOn() throws IOException {
        assertThat(bounded(new CountingRequest(new byte[10]), 10)
                        .getInputStream()
                        .readAllBytes())
                .hasSize(10);
        assertThat(refused()).isZero();

        CountingRequest huge = new CountingRequest(new byte[1_000_000]);
        ServletInputStream in = bounded(huge, 10).getInputStream();
        assertThatThrownBy(in::readAllBytes)
                .isInstanceOf(BodyTooLargeException.class)
                .hasMessageContaining("10 bytes")
                .satisfies(e -> assertThat(((BodyTooLargeException) e).limit()).isEqualTo("gantry.test.tiny"));
        assertThat(huge.taken.get()).as("bytes asked of the container").isEqualTo(11);
        // reading on after the refusal reads nothing more and counts no second refusal
        assertThatThrownBy(in::read).isInstanceOf(BodyTooLargeException.class);
        assertThat(huge.taken.get()).isEqualTo(11);
        assertThat(refused()).isEqualTo(1);
    }

    @Test
    void theReaderIsBoundedToo() throws IOException {
        CountingRequest request = new CountingRequest("x".repeat(100).getBytes());
        request.setCharacterEncoding("UTF-8");
        BoundedRequest bounded = bounded(request, 10);
        assertThatThrownBy(() -> bounded.getReader().read(new char[100])).isInstanceOf(BodyTooLargeException.class);
    }

    @Test
    void parametersComeFromTheQueryStringAndAFormBodyIsLeftToItsHandler() throws IOException {
        CountingRequest request = new CountingRequest("openapi: 3.0.3\nlabel=from-the-body".getBytes());
        request.setContentType("application/x-www-form-urlencoded"); // what curl --data-binary sends
        request.setQueryString("label=v%C3%A9+1&activate=false&label=again&flag&=nameless");
        BoundedRequest bounded = bounded(request, 1_000);

        assertThat(bounded.getParameter("label")).isEqualTo("vé 1");
        assertThat(bounded.getParameterValues("label")).containsExactly("vé 1", "again");
        assertThat(bounded.getParameter("flag")).isEmpty();
        assertThat(bounded.getParameterMap()).containsOnlyKeys("label", "activate", "flag");
        assertThat(Collections.list(bounded.getParameterNames())).containsExactly("label", "activate", "flag");
        assertThat(request.taken.get()).as("body bytes read for parameters").isZero();
        assertThat(new String(bounded.getInputStream().readAllBytes()))
                .isEqualTo("openapi: 3.0.3\nlabel=from-the-body");

        request.setQueryString("label=100%");
        BoundedRequest malformed = bounded(request, 1_000);
        assertThatThrownBy(() -> malformed.getParameter("label"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("label: is not URL-encoded");
        request.setQueryString("la%00bel=x");
        BoundedRequest controlled = bounded(request, 1_000);
        assertThatThrownBy(() -> controlled.getParameter("label"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("control");
    }

    static final class Handlers {
        @BodyLimit("gantry.test.tiny")
        void tiny() {}

        @BodyLimit(BodiesProperties.DATA_SET)
        void dataSet() {}

        void unmarked() {}

        @BodyLimit("gantry.bodies.no-such-limit")
        void typo() {}
    }

    HandlerMethod handler(String name) throws NoSuchMethodException {
        return new HandlerMethod(new Handlers(), Handlers.class.getDeclaredMethod(name));
    }

    @Test
    void theHandlersLimitIsSetAndADeclaredLengthOverItIsRefusedBeforeReading() throws Exception {
        BodyLimitInterceptor interceptor = new BodyLimitInterceptor(limits);
        CountingRequest request = new CountingRequest(new byte[20]);
        BoundedRequest bounded = bounded(request, 1_000_000);
        assertThatThrownBy(() -> interceptor.preHandle(bounded, new MockHttpServletResponse(), handler("tiny")))
                .isInstanceOf(BodyTooLargeException.class)
                .satisfies(
                        e -> assertThat(((BodyTooLargeException) e).maxBytes()).isEqualTo(10));
        assertThat(request.taken.get()).isZero();
        assertThat(refused()).isEqualTo(1);

        assertThat(interceptor.preHandle(bounded, new MockHttpServletResponse(), handler("dataSet")))
                .isTrue();
        assertThat(bounded.limitName()).isEqualTo(BodiesProperties.DATA_SET);
        assertThat(bounded.maxBytes()).isEqualTo(16L * 1024 * 1024);
        assertThat(interceptor.preHandle(bounded, new MockHttpServletResponse(), handler("unmarked")))
                .isTrue();
        assertThat(bounded.limitName()).isEqualTo(BodiesProperties.OTHER);
        assertThat(bounded.maxBytes()).isEqualTo(64L * 1024);
    }

    @Test
    void aLimitNamedWrongFailsInsteadOfFallingBack() {
        assertThatThrownBy(() -> limits.of(handler("typo")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("gantry.bodies.no-such-limit");
    }
}
