package dev.gantry.controlplane.plans;

import static dev.gantry.controlplane.common.ProblemDetailsAdvice.problem;

import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The plan's refusals as problem details naming the limit, what the plan allows and what is used.
 * Ordered before the common advice, whose catch-all would otherwise answer 500.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class PlanProblemDetails {
    private static final Logger log = LoggerFactory.getLogger(PlanProblemDetails.class);

    private final Clock clock;

    PlanProblemDetails(Clock clock) {
        this.clock = clock;
    }

    @ExceptionHandler(RunQuotaExceededException.class)
    ResponseEntity<ProblemDetail> onRunQuota(RunQuotaExceededException e) {
        log.warn("429 {}", e.getMessage());
        long seconds =
                Math.max(1, Duration.between(clock.instant(), e.periodEnd()).toSeconds());
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                .header(HttpHeaders.RETRY_AFTER, String.valueOf(seconds))
                .body(planLimit(HttpStatus.TOO_MANY_REQUESTS, e));
    }

    @ExceptionHandler(SubscriptionInactiveException.class)
    ProblemDetail onInactive(SubscriptionInactiveException e) {
        log.warn("403 {}", e.getMessage());
        return problem(HttpStatus.FORBIDDEN, "subscription-inactive", e.getMessage());
    }

    @ExceptionHandler(PlanLimitException.class)
    ProblemDetail onPlanLimit(PlanLimitException e) {
        log.warn("403 {}", e.getMessage());
        return planLimit(HttpStatus.FORBIDDEN, e);
    }

    private static ProblemDetail planLimit(HttpStatus status, PlanLimitException e) {
        ProblemDetail problem = problem(status, "plan-limit", e.getMessage());
        problem.setTitle("Plan limit reached");
        problem.setProperty("limit", e.limit().name());
        problem.setProperty("allowed", e.allowed());
        problem.setProperty("usage", e.usage());
        problem.setProperty("plan", e.plan());
        return problem;
    }
}
