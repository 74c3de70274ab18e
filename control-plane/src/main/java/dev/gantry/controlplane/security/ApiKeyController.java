package dev.gantry.controlplane.security;

import dev.gantry.controlplane.common.ConflictException;
import dev.gantry.controlplane.common.InvalidInputException;
import dev.gantry.controlplane.common.NotFoundException;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * API keys through the API. Every user lists, creates, rotates and revokes their own keys; a
 * tenant's ADMIN also those of the tenant's users; an operator those of any tenant. A key is
 * answered once, when it is made; a revoked key answers 401 from the next request on.
 */
@RestController
class ApiKeyController {
    record NewKey(String name) {}

    record IssuedKey(UUID id, String name, String prefix, String apiKey) {}

    private final ApiKeyStore keys;

    ApiKeyController(ApiKeyStore keys) {
        this.keys = keys;
    }

    @GetMapping("/api/v1/keys")
    List<ApiKeyStore.KeyInfo> list(Caller caller) {
        return caller.role() == Role.ADMIN ? keys.ofTenant(caller.tenantId()) : keys.ofUser(caller.userId());
    }

    @PostMapping("/api/v1/keys")
    ResponseEntity<IssuedKey> create(Caller caller, @RequestBody(required = false) NewKey body) {
        String name = body == null || body.name() == null ? "" : body.name().trim();
        if (name.isEmpty() || name.length() > 100) {
            throw new InvalidInputException("name", "is required, at most 100 characters");
        }
        return issued(keys.issue(caller.userId(), name), name);
    }

    @GetMapping("/api/v1/keys/{id}")
    ApiKeyStore.KeyInfo one(Caller caller, @PathVariable UUID id) {
        return visible(caller, id);
    }

    @PostMapping("/api/v1/keys/{id}/rotate")
    ResponseEntity<IssuedKey> rotate(Caller caller, @PathVariable UUID id) {
        ApiKeyStore.KeyInfo key = visible(caller, id);
        ApiKeyStore.Issued fresh = keys.rotate(key)
                .orElseThrow(() -> new ConflictException("id", "the key " + id + " is revoked; create a new one"));
        return issued(fresh, key.name());
    }

    @DeleteMapping("/api/v1/keys/{id}")
    ResponseEntity<Void> revoke(Caller caller, @PathVariable UUID id) {
        keys.revoke(visible(caller, id).id());
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/api/v1/admin/tenants/{tenantId}/keys")
    List<ApiKeyStore.KeyInfo> tenantKeys(@PathVariable UUID tenantId) {
        return keys.ofTenant(tenantId);
    }

    @DeleteMapping("/api/v1/admin/keys/{id}")
    ResponseEntity<Void> revokeAny(@PathVariable UUID id) {
        keys.revoke(keys.find(id)
                .orElseThrow(() -> new NotFoundException("key", id))
                .key()
                .id());
        return ResponseEntity.noContent().build();
    }

    /** Another user's key is visible to a tenant's ADMIN only; another tenant's key to nobody here. */
    private ApiKeyStore.KeyInfo visible(Caller caller, UUID id) {
        return keys.find(id)
                .filter(k -> k.tenantId().equals(caller.tenantId()))
                .filter(k -> caller.role() == Role.ADMIN || k.key().userId().equals(caller.userId()))
                .map(ApiKeyStore.TenantKey::key)
                .orElseThrow(() -> new NotFoundException("key", id));
    }

    private static ResponseEntity<IssuedKey> issued(ApiKeyStore.Issued issued, String name) {
        return ResponseEntity.created(URI.create("/api/v1/keys/" + issued.id()))
                .body(new IssuedKey(issued.id(), name, ApiKeys.prefix(issued.apiKey()), issued.apiKey()));
    }
}
