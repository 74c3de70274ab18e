package dev.gantry.controlplane.releases;

import static dev.gantry.controlplane.common.ProblemDetailsAdvice.problem;

import dev.gantry.controlplane.common.FieldViolation;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The releases' refusals as problem details: a closed gate lists each reason (code and sentence),
 * so that a client shows why a release may not ship. Ordered before the common advice, whose
 * catch-all would otherwise answer 500.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class ReleaseProblems {
    private static final Logger log = LoggerFactory.getLogger(ReleaseProblems.class);

    @ExceptionHandler(GateClosedException.class)
    ProblemDetail onGateClosed(GateClosedException e) {
        log.warn("409 {}", e.getMessage());
        ProblemDetail problem = problem(HttpStatus.CONFLICT, "gate-closed", e.getMessage());
        problem.setTitle("The release's gate is closed");
        problem.setProperty("reasons", e.reasons());
        problem.setProperty("errors", List.of(new FieldViolation("gate", e.getMessage())));
        return problem;
    }

    @ExceptionHandler(NotApproverException.class)
    ProblemDetail onNotApprover(NotApproverException e) {
        log.warn("403 {}", e.getMessage());
        ProblemDetail problem = problem(HttpStatus.FORBIDDEN, "not-approver", e.getMessage());
        problem.setProperty("role", e.role().name());
        return problem;
    }

    @ExceptionHandler(NotReleaseOwnerException.class)
    ProblemDetail onNotOwner(NotReleaseOwnerException e) {
        log.warn("403 {}", e.getMessage());
        return problem(HttpStatus.FORBIDDEN, "not-release-owner", e.getMessage());
    }
}
