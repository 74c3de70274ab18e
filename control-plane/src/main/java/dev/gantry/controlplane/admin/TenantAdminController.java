package dev.gantry.controlplane.admin;

import dev.gantry.controlplane.common.ConflictException;
import dev.gantry.controlplane.common.InvalidInputException;
import dev.gantry.controlplane.common.NotFoundException;
import dev.gantry.controlplane.plans.PlanService;
import dev.gantry.controlplane.security.ApiKeys;
import dev.gantry.controlplane.security.Person;
import dev.gantry.controlplane.security.Role;
import dev.gantry.controlplane.security.TenantProvisioning;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.Arrays;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Tenants and their users (ADMIN role): each new user gets an API key, shown once. */
@RestController
class TenantAdminController {
    record TenantRequest(
            @NotBlank @Size(max = 100) String name,
            @NotBlank String plan,
            @NotBlank @Email @Size(max = 255) String adminEmail,
            @Size(max = Person.MAX_NAME) String adminName) {}

    record UserRequest(
            @NotBlank @Email @Size(max = 255) String email,
            @Size(max = Person.MAX_NAME) String name,
            @NotBlank String role) {}

    record IssuedKeyResponse(UUID tenantId, UUID userId, String apiKey) {}

    private final TenantProvisioning provisioning;
    private final PlanService plans;
    private final JdbcTemplate jdbc;

    TenantAdminController(TenantProvisioning provisioning, PlanService plans, JdbcTemplate jdbc) {
        this.provisioning = provisioning;
        this.plans = plans;
        this.jdbc = jdbc;
    }

    @PostMapping("/api/v1/admin/tenants")
    @ResponseStatus(HttpStatus.CREATED)
    IssuedKeyResponse createTenant(@Valid @RequestBody TenantRequest request) {
        UUID planId = plans.planIdByName(request.plan());
        if (planId == null) {
            throw new InvalidInputException("plan", "unknown plan '" + request.plan() + "'");
        }
        if (!jdbc.queryForList("select 1 from tenants where name = ?", request.name())
                .isEmpty()) {
            throw new ConflictException("name", "a tenant named '" + request.name() + "' already exists");
        }
        checkEmailFree(request.adminEmail(), "adminEmail");
        var key = provisioning.createTenant(
                request.name(), planId, request.adminEmail(), request.adminName(), Role.ADMIN);
        return new IssuedKeyResponse(key.tenantId(), key.userId(), key.apiKey());
    }

    @PostMapping("/api/v1/admin/tenants/{tenantId}/users")
    @ResponseStatus(HttpStatus.CREATED)
    IssuedKeyResponse addUser(@PathVariable UUID tenantId, @Valid @RequestBody UserRequest request) {
        Role role = Role.named(request.role())
                .orElseThrow(() -> new InvalidInputException(
                        "role", "unknown role '" + request.role() + "'; use one of " + Arrays.toString(Role.values())));
        if (jdbc.queryForList("select 1 from tenants where id = ?", tenantId).isEmpty()) {
            throw new NotFoundException("tenant", tenantId);
        }
        checkEmailFree(request.email(), "email");
        var key = provisioning.addUser(tenantId, request.email(), request.name(), role, ApiKeys.generate());
        return new IssuedKeyResponse(key.tenantId(), key.userId(), key.apiKey());
    }

    private void checkEmailFree(String email, String field) {
        if (!jdbc.queryForList("select 1 from users where email = ?", email).isEmpty()) {
            throw new ConflictException(field, "a user with e-mail '" + email + "' already exists");
        }
    }
}
