package dev.gantry.controlplane.security;

import dev.gantry.controlplane.common.ConflictException;
import dev.gantry.controlplane.common.InvalidInputException;
import dev.gantry.controlplane.common.NotFoundException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The people of a tenant. Everyone reads them (approvals and reviews name them) and names
 * themselves; the tenant's ADMIN adds users (each with an API key, answered once), changes their
 * name and role, and deactivates them (their keys answer 401 from then on). An ADMIN cannot demote
 * or deactivate themselves, so a tenant is never left without the user who can undo it.
 */
@RestController
class UserController {
    static final int MAX_LIMIT = 500;

    record UserView(UUID id, String name, String email, Role role, boolean active, Instant createdAt) {}

    record NewUser(
            @NotBlank @Email @Size(max = 255) String email,
            @Size(max = Person.MAX_NAME) String name,
            @NotBlank String role) {}

    record UserChange(@Size(max = Person.MAX_NAME) String name, String role, Boolean active) {}

    record OwnChange(@Size(max = Person.MAX_NAME) String name) {}

    record IssuedUser(UUID id, String name, String email, Role role, String apiKey) {}

    private static final String COLUMNS = "select id, name, email, role, active, created_at from users ";
    private static final RowMapper<UserView> VIEW = (rs, i) -> new UserView(
            rs.getObject(1, UUID.class),
            rs.getString(2),
            rs.getString(3),
            Role.valueOf(rs.getString(4)),
            rs.getBoolean(5),
            rs.getTimestamp(6).toInstant());

    private final JdbcTemplate jdbc;
    private final TenantProvisioning provisioning;

    UserController(JdbcTemplate jdbc, TenantProvisioning provisioning) {
        this.jdbc = jdbc;
        this.provisioning = provisioning;
    }

    @GetMapping("/api/v1/users")
    List<UserView> list(
            Caller caller,
            @RequestParam(defaultValue = "100") int limit,
            @RequestParam(defaultValue = "0") int offset) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidInputException("limit", "must be between 1 and " + MAX_LIMIT);
        }
        if (offset < 0) {
            throw new InvalidInputException("offset", "must not be negative");
        }
        return jdbc.query(
                COLUMNS + "where tenant_id = ? order by lower(name), email limit ? offset ?",
                VIEW,
                caller.tenantId(),
                limit,
                offset);
    }

    @GetMapping("/api/v1/users/me")
    UserView me(Caller caller) {
        return find(caller, caller.userId());
    }

    @PatchMapping("/api/v1/users/me")
    UserView nameMyself(Caller caller, @Valid @RequestBody OwnChange change) {
        provisioning.updateUser(caller.tenantId(), caller.userId(), requiredName(change.name()), null, null);
        return me(caller);
    }

    @GetMapping("/api/v1/users/{id}")
    UserView one(Caller caller, @PathVariable UUID id) {
        return find(caller, id);
    }

    @PostMapping("/api/v1/users")
    ResponseEntity<IssuedUser> add(Caller caller, @Valid @RequestBody NewUser user) {
        Role role = role(user.role());
        String email = user.email().strip();
        if (!provisioning.userIdByEmail(email).isEmpty()) {
            throw new ConflictException("email", "a user with e-mail '" + email + "' already exists");
        }
        var key = provisioning.addUser(caller.tenantId(), email, user.name(), role, ApiKeys.generate());
        UserView made = find(caller, key.userId());
        return ResponseEntity.created(URI.create("/api/v1/users/" + made.id()))
                .body(new IssuedUser(made.id(), made.name(), made.email(), made.role(), key.apiKey()));
    }

    @PatchMapping("/api/v1/users/{id}")
    UserView change(Caller caller, @PathVariable UUID id, @Valid @RequestBody UserChange change) {
        UserView user = find(caller, id);
        Role role = change.role() == null ? null : role(change.role());
        String name = change.name() == null ? null : requiredName(change.name());
        if (user.id().equals(caller.userId())) {
            if (role != null && role != user.role()) {
                throw new ConflictException("role", "an ADMIN cannot change their own role; ask another ADMIN");
            }
            if (Boolean.FALSE.equals(change.active())) {
                throw new ConflictException("active", "an ADMIN cannot deactivate themselves; ask another ADMIN");
            }
        }
        provisioning.updateUser(caller.tenantId(), id, name, role, change.active());
        return find(caller, id);
    }

    private UserView find(Caller caller, UUID id) {
        return jdbc.query(COLUMNS + "where id = ? and tenant_id = ?", VIEW, id, caller.tenantId()).stream()
                .findFirst()
                .orElseThrow(() -> new NotFoundException("user", id));
    }

    private static Role role(String name) {
        return Role.named(name)
                .orElseThrow(() -> new InvalidInputException(
                        "role", "unknown role '" + name + "'; use one of " + List.of(Role.values())));
    }

    private static String requiredName(String name) {
        if (name == null || name.isBlank()) {
            throw new InvalidInputException("name", "is required: the name people see on approvals and reviews");
        }
        return name.strip();
    }
}
