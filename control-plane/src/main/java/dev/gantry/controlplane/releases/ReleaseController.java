package dev.gantry.controlplane.releases;

import dev.gantry.controlplane.common.InvalidInputException;
import dev.gantry.controlplane.security.Caller;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * A project's releases ({@code /projects/{id}/releases}) and each release
 * ({@code /releases/{id}}): its cases and their execution, approvals, gate, history, dashboard and
 * readiness report. Another tenant's release answers 404, whatever is asked of it.
 */
@RestController
class ReleaseController {
    static final int MAX_HISTORY = 500;

    private final ReleaseService releases;
    private final ReleaseViews views;
    private final ReadinessReport report;

    ReleaseController(ReleaseService releases, ReleaseViews views, ReadinessReport report) {
        this.releases = releases;
        this.views = views;
        this.report = report;
    }

    @PostMapping("/api/v1/projects/{projectId}/releases")
    @ResponseStatus(HttpStatus.CREATED)
    ReleaseViews.ReleaseView create(
            Caller caller, @PathVariable UUID projectId, @RequestBody ReleaseInput.ReleaseRequest request) {
        return views.release(releases.create(caller, projectId, request.checked()));
    }

    @GetMapping("/api/v1/projects/{projectId}/releases")
    List<ReleaseViews.ReleaseView> list(Caller caller, @PathVariable UUID projectId) {
        return views.releases(caller.tenantId(), releases.ofProject(caller, projectId));
    }

    @GetMapping("/api/v1/releases/{id}")
    ReleaseViews.ReleaseView get(Caller caller, @PathVariable UUID id) {
        return views.release(releases.require(id, caller.tenantId()));
    }

    @PutMapping("/api/v1/releases/{id}")
    ReleaseViews.ReleaseView update(
            Caller caller, @PathVariable UUID id, @RequestBody ReleaseInput.ReleaseRequest request) {
        releases.require(id, caller.tenantId());
        return views.release(releases.update(caller, id, request.checked()));
    }

    @DeleteMapping("/api/v1/releases/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(Caller caller, @PathVariable UUID id) {
        releases.delete(caller, id);
    }

    // ---- cases

    @PostMapping("/api/v1/releases/{id}/cases")
    ReleaseService.CasesChanged addCases(Caller caller, @PathVariable UUID id, @RequestBody CasePicker.Pick pick) {
        releases.require(id, caller.tenantId());
        return releases.addCases(caller, id, pick);
    }

    /** Removes the cases a pick names (the same pick as adding takes). */
    @PostMapping("/api/v1/releases/{id}/cases/remove")
    ReleaseService.CasesChanged removeCases(Caller caller, @PathVariable UUID id, @RequestBody CasePicker.Pick pick) {
        releases.require(id, caller.tenantId());
        return releases.removeCases(caller, id, pick);
    }

    @GetMapping("/api/v1/releases/{id}/cases")
    List<ReleaseViews.CaseView> cases(
            Caller caller, @PathVariable UUID id, @RequestParam(required = false) String status) {
        releases.require(id, caller.tenantId());
        ExecutionStatus wanted = status == null ? null : ReleaseInput.parse("status", status, ExecutionStatus.class);
        return views.cases(
                caller.tenantId(),
                views.storeCases(id).stream()
                        .filter(c -> wanted == null || c.status() == wanted)
                        .toList());
    }

    @PatchMapping("/api/v1/releases/{id}/cases/{caseId}")
    ReleaseViews.CaseView setCase(
            Caller caller, @PathVariable UUID id, @PathVariable UUID caseId, @RequestBody JsonNode body) {
        releases.require(id, caller.tenantId());
        ReleaseInput.CaseChange change = ReleaseInput.caseChange(body);
        return views.caseView(caller.tenantId(), releases.setCase(caller, id, caseId, change));
    }

    // ---- approvals, gate, ready

    @GetMapping("/api/v1/releases/{id}/approvals")
    List<ReleaseViews.ApprovalView> approvals(Caller caller, @PathVariable UUID id) {
        releases.require(id, caller.tenantId());
        return views.approvals(caller.tenantId(), id);
    }

    @PutMapping("/api/v1/releases/{id}/approvals/{role}")
    ReleaseViews.ApprovalView decide(
            Caller caller,
            @PathVariable UUID id,
            @PathVariable String role,
            @RequestBody ReleaseInput.ApprovalRequest request) {
        releases.require(id, caller.tenantId());
        ApprovalRole parsedRole = ReleaseInput.parse("role", role, ApprovalRole.class);
        ApprovalStatus status = ReleaseInput.parse("status", request.status(), ApprovalStatus.class);
        String comment = ReleaseInput.comment(request.comment());
        releases.decide(caller, id, parsedRole, status, comment);
        return views.approvals(caller.tenantId(), id).stream()
                .filter(a -> a.role() == parsedRole)
                .findFirst()
                .orElseThrow();
    }

    /**
     * Assigns people to approval roles, {@code {"DEV_LEAD": "<user id>", "PRODUCT_MANAGER": null}}
     * (null takes an assignment back); answers every role with its holder.
     */
    @PutMapping("/api/v1/releases/{id}/approvers")
    List<ReleaseViews.ApprovalView> assign(
            Caller caller, @PathVariable UUID id, @RequestBody Map<String, String> assignments) {
        releases.require(id, caller.tenantId());
        if (assignments == null || assignments.isEmpty() || assignments.size() > ApprovalRole.values().length) {
            throw new InvalidInputException("approvers", "name one to four roles, each with a user id or null");
        }
        Map<ApprovalRole, UUID> parsed = new java.util.EnumMap<>(ApprovalRole.class);
        assignments.forEach((role, user) -> {
            ApprovalRole r = ReleaseInput.parse("approvers", role, ApprovalRole.class);
            try {
                parsed.put(r, user == null ? null : UUID.fromString(user));
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("approvers." + r, "not a user id: " + user);
            }
        });
        releases.assign(caller, id, parsed);
        return views.approvals(caller.tenantId(), id);
    }

    @GetMapping("/api/v1/releases/{id}/gate")
    ReleaseViews.GateView gate(Caller caller, @PathVariable UUID id) {
        return views.gate(releases.require(id, caller.tenantId()));
    }

    @PutMapping("/api/v1/releases/{id}/gate")
    ReleaseViews.GateView setGate(Caller caller, @PathVariable UUID id, @RequestBody ReleaseInput.GateRequest request) {
        releases.require(id, caller.tenantId());
        releases.setGate(caller, id, request.checked());
        return views.gate(releases.require(id, caller.tenantId()));
    }

    /** READY_TO_SHIP if the gate is open; 409 {@code gate-closed} with each reason otherwise. */
    @PostMapping("/api/v1/releases/{id}/ready")
    ReleaseViews.ReleaseView ready(Caller caller, @PathVariable UUID id) {
        return views.release(releases.ready(caller, id));
    }

    // ---- history, dashboard, report

    @GetMapping("/api/v1/releases/{id}/history")
    List<ReleaseViews.HistoryView> history(
            Caller caller,
            @PathVariable UUID id,
            @RequestParam(defaultValue = "0") long after,
            @RequestParam(defaultValue = "200") int limit) {
        releases.require(id, caller.tenantId());
        if (limit < 1 || limit > MAX_HISTORY) {
            throw new InvalidInputException("limit", "between 1 and " + MAX_HISTORY);
        }
        return views.history(caller.tenantId(), id, after, limit);
    }

    @GetMapping("/api/v1/releases/{id}/dashboard")
    ReleaseViews.Dashboard dashboard(Caller caller, @PathVariable UUID id) {
        return views.dashboard(releases.require(id, caller.tenantId()));
    }

    @GetMapping("/api/v1/releases/{id}/report.html")
    void reportHtml(Caller caller, @PathVariable UUID id, HttpServletResponse response) throws IOException {
        ReleaseViews.Dashboard dashboard = views.dashboard(releases.require(id, caller.tenantId()));
        String html = report.html(dashboard, views.cases(caller.tenantId(), views.storeCases(id)));
        response.setContentType("text/html;charset=UTF-8");
        response.setHeader("Content-Disposition", "inline; filename=\"" + report.fileName(dashboard, "html") + "\"");
        response.setHeader("Content-Security-Policy", ReadinessReport.CSP);
        try (OutputStream out = response.getOutputStream()) {
            out.write(html.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    @GetMapping("/api/v1/releases/{id}/report.pdf")
    void reportPdf(Caller caller, @PathVariable UUID id, HttpServletResponse response) throws IOException {
        ReleaseViews.Dashboard dashboard = views.dashboard(releases.require(id, caller.tenantId()));
        byte[] pdf = report.pdf(dashboard, views.cases(caller.tenantId(), views.storeCases(id)));
        response.setContentType("application/pdf");
        response.setHeader("Content-Disposition", "attachment; filename=\"" + report.fileName(dashboard, "pdf") + "\"");
        response.setContentLength(pdf.length);
        try (OutputStream out = response.getOutputStream()) {
            out.write(pdf);
        }
    }
}
