package dev.gantry.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * V55 on a database with cases already in it: each project's cases are numbered in the order they
 * were created, its counter continues after them, and generated cases get their type.
 */
class CaseOrganisationMigrationIT {
    @Test
    void existingCasesAreNumberedPerProjectInCreationOrder() throws Exception {
        LocalServices services = LocalServices.get();
        String schema =
                "it_v55_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        Flyway before54 = flyway(services, schema, "54");
        before54.migrate();
        try (Connection db = services.connect(schema);
                Statement s = db.createStatement()) {
            try {
                UUID tenant = UUID.randomUUID();
                s.execute("insert into tenants (id, name, plan_id) select '" + tenant + "', 't-" + tenant
                        + "', id from plans limit 1");
                UUID first = project(s, tenant);
                UUID second = project(s, tenant);
                UUID suiteA = suite(s, tenant, first, "a");
                UUID suiteB = suite(s, tenant, first, "b");
                UUID suiteC = suite(s, tenant, second, "c");
                Instant t = Instant.parse("2026-01-01T00:00:00Z");
                // inserted out of creation order, across two suites of the first project
                testCase(s, tenant, suiteB, "third", t.plusSeconds(30), null);
                testCase(s, tenant, suiteA, "first", t.plusSeconds(10), "happy");
                testCase(s, tenant, suiteA, "second", t.plusSeconds(20), "boundary");
                testCase(s, tenant, suiteC, "only", t.plusSeconds(5), null);

                flyway(services, schema, "55").migrate();

                assertThat(rows(
                                s,
                                "select name || ' ' || readable_id || ' ' || coalesce(case_type, '-') || ' ' || mode"
                                        + " from test_cases order by name"))
                        .containsExactly(
                                "first TC_API_001 HAPPY_PATH AUTOMATED",
                                "only TC_API_001 - AUTOMATED",
                                "second TC_API_002 BOUNDARY AUTOMATED",
                                "third TC_API_003 - AUTOMATED");
                assertThat(rows(
                                s,
                                "select kind || ' ' || last_value from case_id_counters where project_id = '" + first
                                        + "'"))
                        .containsExactly("API 3");
            } finally {
                s.execute("drop schema " + schema + " cascade");
            }
        }
    }

    private static Flyway flyway(LocalServices services, String schema, String target) {
        return Flyway.configure()
                .dataSource(services.jdbcUrl(null), services.databaseUser, "")
                .schemas(schema)
                .defaultSchema(schema)
                .locations("classpath:db/migration")
                .target(target)
                .load();
    }

    private static UUID project(Statement s, UUID tenant) throws Exception {
        UUID id = UUID.randomUUID();
        s.execute("insert into projects (id, tenant_id, name, created_at, updated_at) values ('" + id + "', '" + tenant
                + "', '" + id + "', now(), now())");
        return id;
    }

    private static UUID suite(Statement s, UUID tenant, UUID project, String name) throws Exception {
        UUID id = UUID.randomUUID();
        s.execute("insert into test_suites (id, tenant_id, project_id, name, created_at, updated_at) values ('" + id
                + "', '" + tenant + "', '" + project + "', '" + name + "', now(), now())");
        return id;
    }

    private static void testCase(Statement s, UUID tenant, UUID suite, String name, Instant created, String kind)
            throws Exception {
        s.execute("insert into test_cases (id, tenant_id, suite_id, name, position, request, expectations, created_at,"
                + " updated_at, origin_kind) values ('" + UUID.randomUUID() + "', '" + tenant + "', '" + suite + "', '"
                + name + "', 0, '{}', '{}', '" + Timestamp.from(created) + "', now(), "
                + (kind == null ? "null" : "'" + kind + "'") + ")");
    }

    private static List<String> rows(Statement s, String sql) throws Exception {
        List<String> rows = new ArrayList<>();
        try (ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }
}
