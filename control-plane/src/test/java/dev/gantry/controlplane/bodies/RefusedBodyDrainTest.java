package dev.gantry.controlplane.bodies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.controlplane.common.BodyTooLargeException;
import dev.gantry.controlplane.security.Refusals;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.ServletInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.mock.web.DelegatingServletInputStream;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;

class RefusedBodyDrainTest {
    static final long MIB = 1024 * 1024;

    /** A body of {@code size} spaces made up as it is read, so that only the reader's memory is seen. */
    static final class GeneratedRequest extends MockHttpServletRequest {
        final AtomicLong taken = new AtomicLong();
        final long size;

        GeneratedRequest(long size) {
            this.size = size;
            setMethod("POST");
        }

        @Override
        public ServletInputStream getInputStream() {
            return new DelegatingServletInputStream(new InputStream() {
                @Override
                public int read() {
                    if (taken.get() >= size) {
                        return -1;
                    }
                    taken.incrementAndGet();
                    return ' ';
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    long left = size - taken.get();
                    if (left <= 0) {
                        return -1;
                    }
                    int n = (int) Math.min(len, left);
                    for (int i = off; i < off + n; i++) {
                        b[i] = ' ';
                    }
                    taken.addAndGet(n);
                    return n;
                }
            });
        }
    }

    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final Refusals refusals = new Refusals(meters);

    /** What Spring MVC's resolvers were asked to answer in the drain's place. */
    final List<Exception> answered = new ArrayList<>();

    final RefusedBodyDrain drain = new RefusedBodyDrain(providerOf((request, response, handler, e) -> {
        answered.add(e);
        return new ModelAndView();
    }));

    static ObjectProvider<HandlerExceptionResolver> providerOf(HandlerExceptionResolver resolver) {
        StaticListableBeanFactory beans = new StaticListableBeanFactory();
        beans.addBean("handlerExceptionResolver", resolver);
        return beans.getBeanProvider(HandlerExceptionResolver.class);
    }

    static final class Handlers {
        void upload() {}
    }

    static HandlerMethod handler() throws NoSuchMethodException {
        return new HandlerMethod(new Handlers(), Handlers.class.getDeclaredMethod("upload"));
    }

    BoundedRequest bounded(GeneratedRequest request, long maxBytes) {
        BoundedRequest bounded = new BoundedRequest(
                request, BodiesProperties.OTHER, 64 * 1024, () -> refusals.count(Refusals.Reason.BODY_TOO_LARGE));
        bounded.limit("gantry.test.upload", maxBytes); // as the interceptor does for the chosen handler
        return bounded;
    }

    static long allocatedByThisThread() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    @Test
    void aBodyIsDrainedToItsEndABufferAtATimeEvenAfterItsReaderClosedIt() throws IOException {
        GeneratedRequest request = new GeneratedRequest(32 * MIB);
        BoundedRequest bounded = bounded(request, 32 * MIB);
        InputStream in = bounded.getInputStream();
        in.readNBytes(10);
        in.close(); // as a parser that owns what it reads would
        assertThatThrownBy(in::read).isInstanceOf(IOException.class);

        long before = allocatedByThisThread();
        bounded.drain();
        long allocated = allocatedByThisThread() - before;

        assertThat(request.taken.get()).isEqualTo(32 * MIB);
        assertThat(allocated).as("bytes allocated to drain 32 MiB").isLessThan(MIB);
    }

    @Test
    void aDrainStopsAtTheFirstByteOverTheLimitAndCountsTheRefusal() {
        GeneratedRequest request = new GeneratedRequest(1_000_000);
        BoundedRequest bounded = bounded(request, 10);
        assertThatThrownBy(bounded::drain)
                .isInstanceOf(BodyTooLargeException.class)
                .satisfies(e -> assertThat(((BodyTooLargeException) e).limit()).isEqualTo("gantry.test.upload"));
        assertThat(request.taken.get()).as("bytes asked of the container").isEqualTo(11);
        assertThat(meters.get("gantry.security.refusals")
                        .tag("reason", "body-too-large")
                        .counter()
                        .count())
                .isEqualTo(1);
    }

    @Test
    void aRefusalWhileTheBodyIsStillComingIsAnsweredOnlyOnceTheBodyIsRead() throws Exception {
        GeneratedRequest request = new GeneratedRequest(5 * MIB);
        BoundedRequest bounded = bounded(request, 32 * MIB);
        bounded.getInputStream().readNBytes(8 * 1024);

        ModelAndView answer = drain.resolveException(
                bounded, new MockHttpServletResponse(), handler(), new IllegalArgumentException("not UTF-8"));

        assertThat(answer)
                .as("the refusal itself is answered by the resolvers after")
                .isNull();
        assertThat(request.taken.get()).isEqualTo(5 * MIB);
        assertThat(answered).isEmpty();
    }

    @Test
    void aRefusedBodyFoundOverItsLimitWhileDrainedIsAnswered413() throws Exception {
        GeneratedRequest request = new GeneratedRequest(5 * MIB);
        BoundedRequest bounded = bounded(request, MIB);
        bounded.getInputStream().read();
        IllegalArgumentException refusal = new IllegalArgumentException("not UTF-8");

        ModelAndView answer = drain.resolveException(bounded, new MockHttpServletResponse(), handler(), refusal);

        assertThat(answer).isNotNull();
        assertThat(request.taken.get()).isEqualTo(MIB + 1);
        assertThat(answered).singleElement().isInstanceOf(BodyTooLargeException.class);
        assertThat(answered.getFirst().getSuppressed()).containsExactly(refusal);
    }

    @Test
    void aClientThatAskedFirstAndWasNeverToldToSendIsAnsweredWithoutReadingItsBody() throws Exception {
        GeneratedRequest request = new GeneratedRequest(5 * MIB);
        request.addHeader("Expect", "100-continue");
        BoundedRequest bounded = bounded(request, 32 * MIB);

        assertThat(drain.resolveException(
                        bounded, new MockHttpServletResponse(), handler(), new IllegalStateException("label taken")))
                .isNull();
        assertThat(request.taken.get()).isZero();

        // once something read the body, the client was told to go on and is sending it
        bounded.getInputStream().read();
        drain.resolveException(bounded, new MockHttpServletResponse(), handler(), new IllegalStateException("bad"));
        assertThat(request.taken.get()).isEqualTo(5 * MIB);
    }

    @Test
    void aBodyOverItsLimitAndARequestNoHandlerTookAreLeftToTomcat() throws Exception {
        GeneratedRequest tooLarge = new GeneratedRequest(5 * MIB);
        BoundedRequest bounded = bounded(tooLarge, MIB);
        assertThat(drain.resolveException(
                        bounded,
                        new MockHttpServletResponse(),
                        handler(),
                        new IllegalStateException(new BodyTooLargeException("gantry.test.upload", MIB))))
                .isNull();
        assertThat(tooLarge.taken.get()).isZero();

        GeneratedRequest unrouted = new GeneratedRequest(MIB);
        BoundedRequest withoutHandler = new BoundedRequest(unrouted, BodiesProperties.OTHER, 64 * 1024, () -> {});
        assertThat(drain.resolveException(
                        withoutHandler, new MockHttpServletResponse(), null, new IllegalStateException("no handler")))
                .isNull();
        assertThat(unrouted.taken.get()).isZero();
        assertThat(answered).isEmpty();
    }
}
