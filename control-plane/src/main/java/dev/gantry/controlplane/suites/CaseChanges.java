package dev.gantry.controlplane.suites;

import dev.gantry.controlplane.changelog.ChangeLog;
import dev.gantry.controlplane.common.JsonColumns;
import dev.gantry.controlplane.common.NotFoundException;
import java.sql.Array;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one way a suite changes version, and how every writer of cases records what it changed. In
 * its transaction, before writing, a writer names the cases it will create, change or delete
 * ({@link #touching}), or says what else of the suite it changes ({@link #suiteChanged}). The first
 * call for a suite in a transaction locks the suite's row, refuses an ARCHIVED suite (409 naming
 * {@code status}) and moves the suite to its next version; just before the transaction commits, the
 * named cases are read again and their differences stored by {@link ChangeLog} as that version. So
 * one transaction is one version however many writes it makes, and a writer that rolls back records
 * nothing.
 *
 * <p>Lock order: a writer names its cases before it takes readable ids ({@link CaseIds}), so every
 * writer takes the suite's row before the project's counter and two writers never wait on each other
 * in a cycle. A long write (a generation) holds the suite's row until it commits: other writers of
 * that suite wait for it; runs, which only read, do not.
 *
 * <p>Cases are compared as their rows read generically ({@code to_jsonb}), each column under its API
 * name and a JSON object column by its top-level keys ({@code request.path}): a column added later
 * is logged without a change here. Columns that are bookkeeping rather than content are left out. A
 * case's story and defect links are read with it, as one field {@code links} ({@code STORY CTP-1}).
 */
@Component
public class CaseChanges {
    /** Columns that are not a case's content: keys, times, and where a generated case came from. */
    private static final Set<String> BOOKKEEPING = Set.of(
            "id",
            "tenant_id",
            "suite_id",
            "project_id",
            "readable_id",
            "created_at",
            "updated_at",
            "origin_spec_id",
            "origin_endpoint",
            "origin_kind",
            "origin_key",
            "generated_hash");

    /** Columns whose API name is not their camel-cased name. */
    private static final Map<String, String> API_NAMES = Map.of("depends_on_id", "dependsOn", "case_type", "type");

    /** Ids read back in one statement at most. */
    private static final int SNAPSHOT_CHUNK = 1000;

    private static final Object KEY = new Object();

    private final SuiteRepository suites;
    private final TestCaseRepository cases;
    private final JdbcTemplate jdbc;
    private final ChangeLog log;
    private final Clock clock;

    CaseChanges(SuiteRepository suites, TestCaseRepository cases, JdbcTemplate jdbc, ChangeLog log, Clock clock) {
        this.suites = suites;
        this.cases = cases;
        this.jdbc = jdbc;
        this.log = log;
        this.clock = clock;
    }

    /** What one transaction has changed of one suite so far. */
    private static final class Pending {
        final UUID tenantId;
        final Suite suite;
        final UUID userId;
        final Set<UUID> touched = new LinkedHashSet<>();
        final Map<UUID, ChangeLog.CaseState> before = new HashMap<>();
        final List<String> notes = new ArrayList<>();
        /** The suite's version and time before this transaction, to put back if it changed nothing. */
        int previousVersion;

        Instant previousUpdatedAt;

        Pending(UUID tenantId, Suite suite, UUID userId) {
            this.tenantId = tenantId;
            this.suite = suite;
            this.userId = userId;
        }
    }

    /**
     * Names the cases a write of this transaction is about to create, change or delete, before it
     * writes them (ids of cases yet to be created included: they are read as absent). Call it from
     * the transaction that writes; 404 for a suite not of the tenant, 409 for an ARCHIVED one.
     *
     * @param userId the person making the change ({@code Caller.userId()}), or null for nobody
     */
    public void touching(UUID tenantId, UUID suiteId, UUID userId, Collection<UUID> caseIds) {
        Pending pending = pending(tenantId, suiteId, userId);
        List<UUID> fresh = caseIds.stream()
                .filter(id -> !pending.touched.contains(id))
                .distinct()
                .toList();
        if (fresh.isEmpty()) {
            return;
        }
        cases.flush(); // an earlier write of this transaction still held by JPA is part of "before"
        pending.before.putAll(snapshot(tenantId, fresh));
        pending.touched.addAll(fresh);
    }

    /** Says that this transaction changes the suite itself ({@code what}: e.g. "data set 'rows' added"). */
    public void suiteChanged(UUID tenantId, UUID suiteId, UUID userId, String what) {
        Pending pending = pending(tenantId, suiteId, userId);
        if (!pending.notes.contains(what)) {
            pending.notes.add(what);
        }
    }

    /** A suite just created (version 1): recorded when the transaction commits. */
    void created(Suite suite, UUID userId) {
        Map<UUID, Pending> all = transactionPending();
        Pending pending = new Pending(suite.getTenantId(), suite, userId);
        pending.notes.add("suite created");
        all.put(suite.getId(), pending);
    }

    private Pending pending(UUID tenantId, UUID suiteId, UUID userId) {
        Map<UUID, Pending> all = transactionPending();
        Pending pending = all.get(suiteId);
        if (pending != null) {
            return pending;
        }
        // the row lock orders concurrent writers of one suite, so each takes the next version number
        List<Object[]> locked = jdbc.query(
                "select version, status from test_suites where id = ? and tenant_id = ? for update",
                (rs, i) -> new Object[] {rs.getInt(1), rs.getString(2)},
                suiteId,
                tenantId);
        if (locked.isEmpty()) {
            throw new NotFoundException("suite", suiteId);
        }
        SuiteStatus.valueOf((String) locked.getFirst()[1]).checkChangeable(suiteId);
        Suite suite = suites.require(suiteId, tenantId);
        int previous = (Integer) locked.getFirst()[0];
        Instant previousUpdatedAt = suite.getUpdatedAt();
        suite.versioned(previous + 1, clock.instant());
        pending = new Pending(tenantId, suite, userId);
        pending.previousVersion = previous;
        pending.previousUpdatedAt = previousUpdatedAt;
        all.put(suiteId, pending);
        return pending;
    }

    @SuppressWarnings("unchecked")
    private Map<UUID, Pending> transactionPending() {
        Map<UUID, Pending> all = (Map<UUID, Pending>) TransactionSynchronizationManager.getResource(KEY);
        if (all != null) {
            return all;
        }
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            throw new IllegalStateException("changes of cases are recorded in the writer's transaction: call in one");
        }
        Map<UUID, Pending> fresh = new LinkedHashMap<>();
        TransactionSynchronizationManager.bindResource(KEY, fresh);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void beforeCommit(boolean readOnly) {
                record(fresh);
            }

            @Override
            public void afterCompletion(int status) {
                TransactionSynchronizationManager.unbindResourceIfPossible(KEY);
            }
        });
        return fresh;
    }

    private void record(Map<UUID, Pending> all) {
        cases.flush(); // the writes JPA still holds, and the suites' new versions
        boolean reverted = false;
        for (Pending p : all.values()) {
            Map<UUID, ChangeLog.CaseState> after = snapshot(p.tenantId, List.copyOf(p.touched));
            if (p.notes.isEmpty() && after.equals(p.before)) {
                // a save that changed nothing (the same case sent back) is no new version
                p.suite.versioned(p.previousVersion, p.previousUpdatedAt);
                reverted = true;
                continue;
            }
            log.record(new ChangeLog.Version(
                    p.tenantId,
                    p.suite.getId(),
                    p.suite.getVersion(),
                    p.notes,
                    p.userId,
                    p.suite.getUpdatedAt() == null ? clock.instant() : p.suite.getUpdatedAt(),
                    p.before,
                    after));
        }
        if (reverted) {
            cases.flush();
        }
    }

    private Map<UUID, ChangeLog.CaseState> snapshot(UUID tenantId, List<UUID> ids) {
        Map<UUID, ChangeLog.CaseState> states = new HashMap<>();
        for (int from = 0; from < ids.size(); from += SNAPSHOT_CHUNK) {
            List<UUID> chunk = ids.subList(from, Math.min(ids.size(), from + SNAPSHOT_CHUNK));
            jdbc.query(
                    con -> {
                        var statement = con.prepareStatement(
                                // a case's links live in case_links: read with it, they are logged as one field
                                "select c.id, (to_jsonb(c) || jsonb_build_object('links', coalesce((select"
                                        + " jsonb_agg(l.kind || ' ' || l.key order by l.kind, l.key) from case_links l"
                                        + " where l.case_id = c.id), '[]'::jsonb)))::text from test_cases c"
                                        + " where c.id = any(?) and c.tenant_id = ?");
                        Array array = con.createArrayOf("uuid", chunk.toArray());
                        statement.setArray(1, array);
                        statement.setObject(2, tenantId);
                        return statement;
                    },
                    rs -> {
                        states.put(rs.getObject(1, UUID.class), state(JsonColumns.MAPPER.readTree(rs.getString(2))));
                    });
        }
        return states;
    }

    /** A row as the change log compares it: columns under their API names, objects by their keys. */
    static ChangeLog.CaseState state(JsonNode row) {
        Map<String, JsonNode> fields = new LinkedHashMap<>();
        row.properties().forEach(column -> {
            if (BOOKKEEPING.contains(column.getKey())) {
                return;
            }
            String name = apiName(column.getKey());
            JsonNode value = column.getValue();
            if (value instanceof ObjectNode object) {
                object.properties().forEach(key -> fields.put(name + "." + key.getKey(), key.getValue()));
            } else {
                fields.put(name, value);
            }
        });
        return new ChangeLog.CaseState(
                row.path("readable_id").asString(null), row.path("name").asString(null), fields);
    }

    static String apiName(String column) {
        String known = API_NAMES.get(column);
        if (known != null) {
            return known;
        }
        StringBuilder name = new StringBuilder();
        boolean upper = false;
        for (char c : column.toLowerCase(Locale.ROOT).toCharArray()) {
            if (c == '_') {
                upper = true;
            } else {
                name.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return name.toString();
    }
}
