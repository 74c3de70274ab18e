package dev.gantry.controlplane.specs;

import dev.gantry.controlplane.common.FieldViolation;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * A refused document answers 422 {@code invalid-spec} with every reason and its location in
 * {@code errors} ({@code field} is the location in the document). Ordered before the catch-all advice.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class SpecProblemAdvice {
    private static final Logger log = LoggerFactory.getLogger(SpecProblemAdvice.class);

    @ExceptionHandler(SpecRejectedException.class)
    ProblemDetail onRejected(SpecRejectedException e) {
        log.warn("422 specification refused: {}", e.getMessage());
        String detail = e.getMessage().length() > 2000 ? e.getMessage().substring(0, 2000) + "…" : e.getMessage();
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT, detail);
        problem.setType(URI.create("urn:gantry:problem:invalid-spec"));
        problem.setTitle("Specification refused");
        problem.setProperty("code", "invalid-spec");
        problem.setProperty(
                "errors",
                e.problems().stream()
                        .limit(100)
                        .map(p -> new FieldViolation(p.location() == null ? "document" : p.location(), p.message()))
                        .toList());
        return problem;
    }
}
