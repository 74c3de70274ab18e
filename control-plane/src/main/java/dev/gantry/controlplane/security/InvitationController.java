package dev.gantry.controlplane.security;

import dev.gantry.controlplane.common.ConflictException;
import dev.gantry.controlplane.common.InvalidInputException;
import dev.gantry.controlplane.common.NotFoundException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * A tenant's ADMIN invites a person to the console (a new user by e-mail, or an existing one, who then
 * sets or resets their password); the person accepts the link by choosing a password.
 */
@RestController
class InvitationController {
    /** Either {@code userId}, or {@code email} (with an optional name and a role, VIEWER by default). */
    record NewInvitation(
            UUID userId, @Email @Size(max = 255) String email, @Size(max = Person.MAX_NAME) String name, String role) {}

    /**
     * @param path where the person sets their password: the console's page, the token after {@code #}
     *             so that it never reaches a server log
     */
    record IssuedInvitation(UUID id, UUID userId, String email, String token, String path, Instant expiresAt) {}

    record Acceptance(String token, String password) {}

    private final Invitations invitations;
    private final TenantProvisioning provisioning;
    private final JdbcTemplate jdbc;

    InvitationController(Invitations invitations, TenantProvisioning provisioning, JdbcTemplate jdbc) {
        this.invitations = invitations;
        this.provisioning = provisioning;
        this.jdbc = jdbc;
    }

    @PostMapping("/api/v1/invitations")
    @Transactional
    ResponseEntity<IssuedInvitation> invite(Caller caller, @Valid @RequestBody NewInvitation body) {
        UUID userId;
        if (body.userId() != null) {
            userId = body.userId();
        } else if (body.email() != null && !body.email().isBlank()) {
            String email = body.email().strip();
            List<UUID> existing = jdbc.queryForList(
                    "select id from users where lower(email) = lower(?) and tenant_id = ?",
                    UUID.class,
                    email,
                    caller.tenantId());
            if (!existing.isEmpty()) {
                userId = existing.getFirst();
            } else if (!provisioning.userIdByEmail(email).isEmpty()) {
                throw new ConflictException("email", "a user with e-mail '" + email + "' already exists");
            } else {
                Role role = body.role() == null
                        ? Role.VIEWER
                        : Role.named(body.role())
                                .orElseThrow(() -> new InvalidInputException(
                                        "role",
                                        "unknown role '" + body.role() + "'; use one of " + List.of(Role.values())));
                userId = provisioning.addPerson(caller.tenantId(), email, body.name(), role);
            }
        } else {
            throw new InvalidInputException("email", "is required (or userId, to invite an existing user)");
        }
        List<String> emails = jdbc.queryForList(
                "select email from users where id = ? and tenant_id = ? and active",
                String.class,
                userId,
                caller.tenantId());
        if (emails.isEmpty()) {
            throw new NotFoundException("user", userId);
        }
        Invitations.Issued issued = invitations.invite(caller.tenantId(), userId, caller.userId());
        return ResponseEntity.created(URI.create("/api/v1/invitations/" + issued.id()))
                .body(new IssuedInvitation(
                        issued.id(),
                        userId,
                        emails.getFirst(),
                        issued.token(),
                        "/console/invitation#" + issued.token(),
                        issued.expiresAt()));
    }

    /** Public: the token is the credential. Sets the password; the person then signs in with it. */
    @PostMapping("/api/v1/invitations/accept")
    ResponseEntity<Void> accept(@RequestBody Acceptance body) {
        invitations.accept(body.token(), body.password());
        return ResponseEntity.noContent().build();
    }
}
