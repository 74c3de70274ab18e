package dev.gantry.controlplane.security;

import dev.gantry.controlplane.plans.PlanService;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Makes sure an administrator can get in: the key from {@code GANTRY_ADMIN_KEY} is the operator's
 * bootstrap key, replacing an earlier one (which stops working), or, on a first start without one,
 * a key is generated and printed once. A placeholder or short key refuses to start. An advisory lock
 * keeps two control planes starting together from creating two admins.
 */
@Component
class BootstrapAdmin implements ApplicationRunner {
    static final String TENANT = "default";
    static final String EMAIL = "admin@gantry.local";
    /** As long as a key of ours (gk_ and 40 hex digits) would be guessed at least; shorter is a typed password. */
    static final int MIN_KEY_LENGTH = 24;

    private static final List<String> PLACEHOLDERS = List.of("change_me", "change-me", "changeme", "placeholder");
    private static final long LOCK_KEY = 0x6761_6e74_7279L;
    private static final Logger log = LoggerFactory.getLogger(BootstrapAdmin.class);

    private final SecurityProperties properties;
    private final TenantProvisioning provisioning;
    private final PlanService plans;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;

    BootstrapAdmin(
            SecurityProperties properties,
            TenantProvisioning provisioning,
            PlanService plans,
            JdbcTemplate jdbc,
            TransactionTemplate transactions) {
        this.properties = properties;
        this.provisioning = provisioning;
        this.plans = plans;
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    /** Why a configured admin key cannot be used, or null when it can. */
    static String unusable(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        if (PLACEHOLDERS.stream().anyMatch(lower::contains)) {
            return "GANTRY_ADMIN_KEY is still the placeholder; set a key of your own (e.g. gk_$(openssl rand -hex 20))";
        }
        if (key.length() < MIN_KEY_LENGTH) {
            return "GANTRY_ADMIN_KEY must be at least " + MIN_KEY_LENGTH + " characters";
        }
        return null;
    }

    @Override
    public void run(ApplicationArguments args) {
        String configured =
                properties.adminKey() == null ? "" : properties.adminKey().trim();
        if (!configured.isEmpty() && unusable(configured) != null) {
            throw new IllegalStateException(unusable(configured));
        }
        transactions.executeWithoutResult(status -> {
            jdbc.queryForList("select pg_advisory_xact_lock(?)", LOCK_KEY);
            List<UUID> admins = provisioning.userIdByEmail(EMAIL);
            if (configured.isEmpty()) {
                if (admins.isEmpty()) {
                    String key = ApiKeys.generate();
                    provisioning.createOperatorTenant(TENANT, plans.planIdByName("Enterprise"), EMAIL, key);
                    // printed once: only its hash is stored
                    System.out.println("\n  Gantry admin API key (shown once, store it now): " + key + "\n");
                    log.info("bootstrap admin key generated for {}", EMAIL);
                }
                return;
            }
            if (admins.isEmpty()) {
                provisioning.createOperatorTenant(TENANT, plans.planIdByName("Enterprise"), EMAIL, configured);
                log.info("bootstrap admin key registered for {}", EMAIL);
                return;
            }
            replaceBootstrapKey(admins.getFirst(), configured);
        });
    }

    /** The configured key becomes the only bootstrap key; keys made through the API are left alone. */
    private void replaceBootstrapKey(UUID admin, String configured) {
        String hash = ApiKeys.hash(configured);
        int revoked = provisioning.revokeKeysNamed(admin, TenantProvisioning.BOOTSTRAP_KEY, hash);
        if (revoked > 0) {
            log.info("GANTRY_ADMIN_KEY changed: the previous bootstrap key of {} is revoked", EMAIL);
        }
        List<Boolean> existing = jdbc.queryForList(
                "select revoked_at is not null from api_keys where key_hash = ?", Boolean.class, hash);
        if (existing.isEmpty()) {
            provisioning.addKey(admin, TenantProvisioning.BOOTSTRAP_KEY, configured);
            log.info("bootstrap admin key registered for {}", EMAIL);
        } else if (existing.getFirst()) {
            // a revoked key stays revoked, whoever configures it again
            log.warn("GANTRY_ADMIN_KEY was revoked through the API; set a new one to get an administrator in");
        }
    }
}
