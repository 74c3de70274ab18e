package dev.gantry.controlplane.security;

import dev.gantry.controlplane.security.Refusals.Reason;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The answers of Spring Security's refusals as RFC 9457 problem details, each counted by reason:
 * 401 without a (valid) key, 403 without the role, 400 for a request the firewall rejects.
 * These are written by filters, before Spring MVC and its {@code ProblemDetailsAdvice} are reached.
 */
@Component
class SecurityProblems implements AuthenticationEntryPoint, AccessDeniedHandler, RequestRejectedHandler {
    private static final Logger log = LoggerFactory.getLogger(SecurityProblems.class);

    private final Refusals refusals;
    private final JsonMapper json;

    SecurityProblems(Refusals refusals, JsonMapper json) {
        this.refusals = refusals;
        this.json = json;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException reason)
            throws IOException {
        String detail = request.getHeader(ApiKeyAuthenticationConverter.HEADER) == null
                ? "sign in, or send an " + ApiKeyAuthenticationConverter.HEADER + " header"
                : "unknown or revoked API key";
        refuse(response, Reason.UNAUTHENTICATED, 401, "Unauthorized", detail);
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
            throws IOException {
        if (denied instanceof CsrfException) {
            refuse(
                    response,
                    Reason.CSRF,
                    403,
                    "Forbidden",
                    "missing or wrong CSRF token: send the XSRF-TOKEN cookie's value in an X-XSRF-TOKEN header");
            return;
        }
        refuse(
                response,
                Reason.FORBIDDEN,
                403,
                "Forbidden",
                "the key's role does not allow " + request.getMethod() + " on this path");
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException rejected)
            throws IOException {
        // the firewall's message names the offending part (";", "//", an encoded "/" or "."), never a secret
        refuse(
                response,
                Reason.FIREWALL,
                400,
                "Bad Request",
                "the request path is not in normal form: " + rejected.getMessage());
    }

    private void refuse(HttpServletResponse response, Reason reason, int status, String title, String detail)
            throws IOException {
        refusals.count(reason);
        log.warn("{} {}: {}", status, reason.tag(), detail);
        if (response.isCommitted()) {
            return;
        }
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "urn:gantry:problem:" + reason.tag());
        problem.put("title", title);
        problem.put("status", status);
        problem.put("detail", detail);
        problem.put("code", reason.tag());
        response.resetBuffer();
        response.setStatus(status);
        response.setContentType("application/problem+json");
        response.getOutputStream().write(json.writeValueAsBytes(problem));
    }
}
