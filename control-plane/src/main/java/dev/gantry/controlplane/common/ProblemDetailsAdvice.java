package dev.gantry.controlplane.common;

import java.net.URI;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;

/**
 * Maps every error to an RFC 9457 problem detail with a stable {@code code} and, where a field is
 * to blame, {@code errors: [{field, message}]}. Client errors log at WARN, server errors at ERROR.
 */
@RestControllerAdvice
public class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

    /** A problem detail with Gantry's stable {@code code}; feature packages add their own handlers with it. */
    public static ProblemDetail problem(HttpStatus status, String code, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("urn:gantry:problem:" + code));
        problem.setProperty("code", code);
        return problem;
    }

    private static ProblemDetail invalid(List<FieldViolation> violations) {
        String detail = violations.stream()
                .map(v -> v.field() + ": " + v.message())
                .reduce((a, b) -> a + "; " + b)
                .orElse("invalid input");
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-input", detail);
        problem.setTitle("Invalid input");
        problem.setProperty("errors", violations);
        return problem;
    }

    @ExceptionHandler(InvalidInputException.class)
    ProblemDetail onInvalidInput(InvalidInputException e) {
        log.warn("400 {}", e.getMessage());
        return invalid(e.violations());
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ProblemDetail onTypeMismatch(MethodArgumentTypeMismatchException e) {
        log.warn("400 parameter {}: {}", e.getName(), e.getMessage());
        return invalid(List.of(new FieldViolation(e.getName(), "invalid value '" + e.getValue() + "'")));
    }

    @ExceptionHandler(NotFoundException.class)
    ProblemDetail onNotFound(NotFoundException e) {
        log.warn("404 {}", e.getMessage());
        return problem(HttpStatus.NOT_FOUND, "not-found", e.getMessage());
    }

    @ExceptionHandler(UnprocessableException.class)
    ProblemDetail onUnprocessable(UnprocessableException e) {
        log.warn("422 {}", e.getMessage());
        ProblemDetail problem = problem(HttpStatus.UNPROCESSABLE_CONTENT, e.code(), e.getMessage());
        if (e.field() != null) {
            problem.setProperty("errors", List.of(new FieldViolation(e.field(), e.getMessage())));
        }
        return problem;
    }

    @ExceptionHandler(GoneException.class)
    ProblemDetail onGone(GoneException e) {
        log.warn("410 {}", e.getMessage());
        return problem(HttpStatus.GONE, "expired", e.getMessage());
    }

    @ExceptionHandler(ConflictException.class)
    ProblemDetail onConflict(ConflictException e) {
        log.warn("409 {}", e.getMessage());
        ProblemDetail problem = problem(HttpStatus.CONFLICT, "conflict", e.getMessage());
        problem.setProperty("errors", List.of(new FieldViolation(e.field(), e.getMessage())));
        return problem;
    }

    @ExceptionHandler(BodyTooLargeException.class)
    ProblemDetail onBodyTooLarge(BodyTooLargeException e) {
        log.warn("413 {}", e.getMessage());
        ProblemDetail problem = problem(HttpStatus.CONTENT_TOO_LARGE, "body-too-large", e.getMessage());
        problem.setTitle("Request body too large");
        problem.setProperty("limit", e.limit());
        problem.setProperty("maxBytes", e.maxBytes());
        return problem;
    }

    @ExceptionHandler(DataIntegrityViolationException.class)
    ProblemDetail onIntegrity(DataIntegrityViolationException e) {
        log.warn("409 {}", e.getMostSpecificCause().getMessage());
        return problem(
                HttpStatus.CONFLICT,
                "conflict",
                "the change conflicts with stored data (duplicate name or a reference still in use)");
    }

    @ExceptionHandler(Exception.class)
    ProblemDetail onUnexpected(Exception e) {
        log.error("500 unexpected error", e);
        return problem(
                HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "unexpected error; see the control plane log");
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldViolation> violations = e.getBindingResult().getFieldErrors().stream()
                .map(f -> new FieldViolation(f.getField(), f.getDefaultMessage()))
                .toList();
        log.warn("400 {}", violations);
        return ResponseEntity.badRequest().body(invalid(violations));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        // a body cut off at its limit, wrapped by the converter that was reading it
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof BodyTooLargeException tooLarge) {
                return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(onBodyTooLarge(tooLarge));
            }
        }
        String field = "body";
        String message = "malformed JSON";
        if (e.getCause() instanceof JacksonException jackson) {
            String path = JsonPaths.describe(jackson.getPath());
            if (!path.isEmpty()) {
                field = path;
                message = "invalid value: " + jackson.getOriginalMessage();
            } else {
                message = "malformed JSON: " + jackson.getOriginalMessage();
            }
        }
        log.warn("400 unreadable body at {}: {}", field, message);
        return ResponseEntity.badRequest().body(invalid(List.of(new FieldViolation(field, message))));
    }
}
