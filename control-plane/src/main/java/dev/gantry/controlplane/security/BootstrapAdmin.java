package dev.gantry.controlplane.security;

import dev.gantry.controlplane.plans.PlanService;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Makes sure an administrator can get in: the key from {@code GANTRY_ADMIN_KEY} is registered, or,
 * on a first start without one, a key is generated and printed once. An advisory lock keeps two
 * control planes starting together from creating two admins.
 */
@Component
class BootstrapAdmin implements ApplicationRunner {
    static final String TENANT = "default";
    static final String EMAIL = "admin@gantry.local";
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

    @Override
    public void run(ApplicationArguments args) {
        transactions.executeWithoutResult(status -> {
            jdbc.queryForList("select pg_advisory_xact_lock(?)", LOCK_KEY);
            String configured = properties.adminKey();
            boolean hasConfigured = configured != null && !configured.isBlank();
            if (hasConfigured && provisioning.keyExists(configured)) {
                return;
            }
            List<UUID> admins = provisioning.userIdByEmail(EMAIL);
            if (!hasConfigured && !admins.isEmpty()) {
                return;
            }
            String key = hasConfigured ? configured.trim() : ApiKeys.generate();
            if (admins.isEmpty()) {
                provisioning.createOperatorTenant(TENANT, plans.planIdByName("Enterprise"), EMAIL, key);
            } else {
                provisioning.addKey(admins.getFirst(), "bootstrap", key);
            }
            if (!hasConfigured) {
                // printed once: only its hash is stored
                System.out.println("\n  Gantry admin API key (shown once, store it now): " + key + "\n");
            }
            log.info("bootstrap admin key registered for {}", EMAIL);
        });
    }
}
