package dev.gantry.controlplane.security;

import java.util.List;
import org.springframework.http.HttpMethod;

/**
 * Who may call what, declared once per path pattern: the filter chain is built from this table,
 * in order (the first rule that matches decides), and everything it does not name is denied. The
 * patterns are Spring MVC's path patterns, matched on the same decoded, normalised path the
 * dispatcher routes on; a method of {@code null} means any method.
 *
 * <p>Each API area is named on its own (rather than one {@code /api/**} rule), so that an endpoint
 * added under a new path answers 403 to everyone until someone decides who may call it, and the
 * endpoint matrix test fails meanwhile.
 */
final class AccessRules {
    /** What a rule asks of the caller. */
    enum Access {
        /** No key: the endpoint authenticates its callers itself (signed CI deliveries) or reveals nothing. */
        PUBLIC,
        VIEWER,
        TESTER,
        /** An ADMIN of the caller's own tenant. */
        ADMIN,
        /** An ADMIN of the tenant that operates the farm. */
        OPERATOR
    }

    record Rule(HttpMethod method, String pattern, Access access) {}

    /** Areas of the tenant API where reading needs VIEWER and every change TESTER. */
    private static final List<String> TENANT_AREAS = List.of(
            "/api/v1/projects/**",
            "/api/v1/environments/**",
            "/api/v1/suites/**",
            "/api/v1/cases/**",
            "/api/v1/modules/**",
            "/api/v1/data-sets/**",
            "/api/v1/runs/**",
            "/api/v1/schedules/**",
            "/api/v1/hooks/**",
            "/api/v1/specs/**",
            "/api/v1/generations/**",
            "/api/v1/stories/**",
            "/api/v1/processes/**",
            "/api/v1/releases/**",
            "/api/v1/steps/**",
            "/api/v1/features/**");

    private AccessRules() {}

    /**
     * The rules in the order they are tried.
     *
     * @param openMetrics  whether Prometheus may scrape without a key (on the management port)
     * @param openApiDocs  whether the OpenAPI document and Swagger UI are readable without a key
     */
    static List<Rule> rules(boolean openMetrics, boolean openApiDocs) {
        var rules = new java.util.ArrayList<Rule>();
        // the signature with the hook's secret is the credential (HookController checks it)
        rules.add(new Rule(HttpMethod.POST, "/api/v1/hooks/ci/{hookId}", Access.PUBLIC));
        rules.add(new Rule(null, "/api/v1/admin/**", Access.OPERATOR));
        // signing in and out, and asking who one is, need no credential (SessionController)
        rules.add(new Rule(HttpMethod.GET, "/api/v1/session", Access.PUBLIC));
        rules.add(new Rule(HttpMethod.POST, "/api/v1/session", Access.PUBLIC));
        rules.add(new Rule(HttpMethod.DELETE, "/api/v1/session", Access.PUBLIC));
        // the invitation's token is the credential (InvitationController); inviting is a tenant ADMIN's
        rules.add(new Rule(HttpMethod.POST, "/api/v1/invitations/accept", Access.PUBLIC));
        rules.add(new Rule(HttpMethod.POST, "/api/v1/invitations", Access.ADMIN));
        // the console's page and assets reveal nothing; everything it shows comes from the API
        rules.add(new Rule(HttpMethod.GET, "/console", Access.PUBLIC));
        rules.add(new Rule(HttpMethod.GET, "/console/**", Access.PUBLIC));
        rules.add(new Rule(HttpMethod.HEAD, "/console/**", Access.PUBLIC));
        rules.add(new Rule(HttpMethod.GET, "/api/v1/audit", Access.ADMIN));
        // every user manages their own keys; a tenant's ADMIN sees and revokes the tenant's (ApiKeyController)
        rules.add(new Rule(null, "/api/v1/keys", Access.VIEWER));
        rules.add(new Rule(null, "/api/v1/keys/**", Access.VIEWER));
        // every user reads the tenant's people and names themselves; a tenant's ADMIN adds and changes users
        rules.add(new Rule(HttpMethod.GET, "/api/v1/users/me", Access.VIEWER));
        rules.add(new Rule(HttpMethod.PATCH, "/api/v1/users/me", Access.VIEWER));
        rules.add(new Rule(HttpMethod.GET, "/api/v1/users", Access.VIEWER));
        rules.add(new Rule(HttpMethod.GET, "/api/v1/users/*", Access.VIEWER));
        rules.add(new Rule(HttpMethod.POST, "/api/v1/users", Access.ADMIN));
        rules.add(new Rule(HttpMethod.PATCH, "/api/v1/users/*", Access.ADMIN));
        for (String area : TENANT_AREAS) {
            rules.add(new Rule(HttpMethod.GET, area, Access.VIEWER));
            rules.add(new Rule(HttpMethod.HEAD, area, Access.VIEWER));
            rules.add(new Rule(HttpMethod.POST, area, Access.TESTER));
            rules.add(new Rule(HttpMethod.PUT, area, Access.TESTER));
            rules.add(new Rule(HttpMethod.PATCH, area, Access.TESTER));
            rules.add(new Rule(HttpMethod.DELETE, area, Access.TESTER));
        }
        rules.add(new Rule(HttpMethod.GET, "/actuator/health", Access.PUBLIC));
        rules.add(new Rule(HttpMethod.GET, "/actuator/health/**", Access.PUBLIC));
        Access metrics = openMetrics ? Access.PUBLIC : Access.OPERATOR;
        rules.add(new Rule(HttpMethod.GET, "/actuator/prometheus", metrics));
        rules.add(new Rule(HttpMethod.GET, "/actuator/metrics", metrics));
        rules.add(new Rule(HttpMethod.GET, "/actuator/metrics/**", metrics));
        rules.add(new Rule(HttpMethod.GET, "/actuator/info", metrics));
        rules.add(new Rule(HttpMethod.GET, "/actuator", metrics));
        Access docs = openApiDocs ? Access.PUBLIC : Access.VIEWER;
        rules.add(new Rule(HttpMethod.GET, "/v3/api-docs", docs));
        rules.add(new Rule(HttpMethod.GET, "/v3/api-docs/**", docs));
        rules.add(new Rule(HttpMethod.GET, "/v3/api-docs.yaml", docs));
        rules.add(new Rule(HttpMethod.GET, "/swagger-ui.html", docs));
        rules.add(new Rule(HttpMethod.GET, "/swagger-ui/**", docs));
        return List.copyOf(rules);
    }
}
