package dev.gantry.controlplane.bodies;

import dev.gantry.controlplane.common.BodyTooLargeException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.Ordered;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.util.WebUtils;

/**
 * Reads the rest of a refused request's body, up to its handler's limit, before the refusal is
 * answered. Tomcat closes the connection after an error answer to a body not read to its end (always
 * when the client sent {@code Expect: 100-continue}; otherwise after a 400, 413 or 500, or when more
 * than {@code server.tomcat.max-swallow-size} is left), and a client still sending then sees a broken
 * pipe or a reset and often never reads the answer: a document refused in its first bytes (not UTF-8,
 * too deep) with megabytes still to come is the common case. Drained, the body ends before the answer
 * starts, the client reads it, and the connection stays open for its next request.
 *
 * <p>Left alone: a body over its limit (413: reading it all is what the limit refuses; the connection
 * is closed), a request no handler took (its limit is not known), and a body nothing started to read
 * from a client that asked first ({@code Expect: 100-continue}): it was never told to send, and gets
 * the refusal instead. A body found over its limit while it is drained is answered 413 in place of the
 * refusal, so the only answer that closes a connection under a client still sending is a 413.
 */
final class RefusedBodyDrain implements HandlerExceptionResolver, Ordered {
    private static final Logger log = LoggerFactory.getLogger(RefusedBodyDrain.class);

    /** Spring MVC's own resolvers, which answer the 413 found while draining as any other. */
    private final ObjectProvider<HandlerExceptionResolver> answers;

    RefusedBodyDrain(ObjectProvider<HandlerExceptionResolver> answers) {
        this.answers = answers;
    }

    @Override
    public ModelAndView resolveException(
            HttpServletRequest request, HttpServletResponse response, Object handler, Exception refusal) {
        BoundedRequest bounded = WebUtils.getNativeRequest(request, BoundedRequest.class);
        if (bounded == null
                || !(handler instanceof HandlerMethod)
                || !bounded.hasHandlerLimit()
                || response.isCommitted()
                || overLimit(refusal)
                || (asksFirst(request) && !bounded.bodyStarted())) {
            return null;
        }
        try {
            bounded.drain();
            return null; // answered as it would have been, now that nothing is left unread
        } catch (BodyTooLargeException tooLarge) {
            log.debug("the body of a request refused with {} is over its limit too", refusal.toString());
            tooLarge.addSuppressed(refusal);
            return answers.getObject().resolveException(request, response, handler, tooLarge);
        } catch (IOException e) {
            // the client stopped sending: the answer goes out as it can, the connection is lost anyway
            log.debug("the rest of a refused request's body could not be read: {}", e.toString());
            return null;
        }
    }

    private static boolean overLimit(Exception refusal) {
        for (Throwable cause = refusal; cause != null; cause = cause.getCause()) {
            if (cause instanceof BodyTooLargeException) {
                return true;
            }
        }
        return false;
    }

    private static boolean asksFirst(HttpServletRequest request) {
        String expect = request.getHeader("Expect");
        return expect != null && expect.equalsIgnoreCase("100-continue");
    }

    /** Before Spring MVC's resolvers (order 0), which write the answer. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 1;
    }
}
