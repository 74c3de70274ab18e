package dev.gantry.worker.coverage;

import dev.gantry.model.PathTemplates;
import dev.gantry.model.RedisKeys;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.redisson.api.RMap;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One coverage partition: reads every step detail of the run from Redis, attributes each answer to
 * an endpoint of the whole specification (the case's generated origin, else method and URL path
 * matched to the path templates), and writes the figures of its own endpoint slice. Matching against
 * the whole specification, not the slice, is what makes the figures independent of the partitioning.
 */
public class CoverageTasklet implements Tasklet {
    private static final int MAX_VIOLATIONS = 5;

    private final JdbcTemplate jdbc;
    private final RedissonClient redisson;
    private final RedisKeys keys;
    private final JsonMapper json;
    private final UUID coverageId;
    private final UUID runId;
    private final UUID specId;
    private final int first;
    private final int last;

    public CoverageTasklet(
            JdbcTemplate jdbc,
            RedissonClient redisson,
            RedisKeys keys,
            JsonMapper json,
            UUID coverageId,
            UUID runId,
            UUID specId,
            int first,
            int last) {
        this.jdbc = jdbc;
        this.redisson = redisson;
        this.keys = keys;
        this.json = json;
        this.coverageId = coverageId;
        this.runId = runId;
        this.specId = specId;
        this.first = first;
        this.last = last;
    }

    /** The figures of one endpoint of the slice. */
    private static final class Figures {
        UUID id;
        int position;
        String method;
        String path;
        String tags;
        int steps;
        final List<String> documented = new ArrayList<>();
        final Set<String> observed = new TreeSet<>();
        final Set<String> undocumented = new TreeSet<>();
        final List<String> parameters = new ArrayList<>();
        final Set<String> exercised = new LinkedHashSet<>();
        int checked;
        int failed;
        final Set<String> violations = new LinkedHashSet<>();
        final Set<String> kinds = new TreeSet<>();
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        List<PathTemplates.Entry<Integer>> templates = new ArrayList<>();
        Map<String, Integer> byKey = new HashMap<>();
        jdbc.query(
                "select method, path, position from spec_endpoints where spec_id = ?",
                rs -> {
                    templates.add(new PathTemplates.Entry<>(rs.getString(1), rs.getString(2), rs.getInt(3)));
                    byKey.put(rs.getString(1) + " " + rs.getString(2), rs.getInt(3));
                },
                specId);
        Map<Integer, Figures> slice = new LinkedHashMap<>();
        Map<UUID, Figures> byId = new HashMap<>();
        jdbc.query(
                "select id, position, method, path, tags::text from spec_endpoints where spec_id = ? and position between ? and ? order by position",
                rs -> {
                    Figures f = new Figures();
                    f.id = rs.getObject(1, UUID.class);
                    f.position = rs.getInt(2);
                    f.method = rs.getString(3);
                    f.path = rs.getString(4);
                    f.tags = rs.getString(5);
                    slice.put(f.position, f);
                    byId.put(f.id, f);
                },
                specId,
                first,
                last);
        jdbc.query(
                """
                select p.endpoint_id, p.location, p.name from spec_parameters p join spec_endpoints e on e.id = p.endpoint_id
                where e.spec_id = ? and e.position between ? and ? order by e.position, p.position""",
                rs -> {
                    byId.get(rs.getObject(1, UUID.class)).parameters.add(rs.getString(2) + ":" + rs.getString(3));
                },
                specId,
                first,
                last);
        jdbc.query(
                """
                select r.endpoint_id, r.status from spec_responses r join spec_endpoints e on e.id = r.endpoint_id
                where e.spec_id = ? and e.position between ? and ? order by r.status""",
                rs -> {
                    byId.get(rs.getObject(1, UUID.class)).documented.add(rs.getString(2));
                },
                specId,
                first,
                last);
        Map<UUID, String[]> origins = new HashMap<>();
        jdbc.query(
                """
                select c.id, c.origin_endpoint, c.origin_kind from test_cases c join runs r on r.suite_id = c.suite_id
                where r.id = ? and c.origin_key is not null""",
                rs -> {
                    origins.put(rs.getObject(1, UUID.class), new String[] {rs.getString(2), rs.getString(3)});
                },
                runId);

        RMap<String, String> details = redisson.getMap(keys.details(runId), StringCodec.INSTANCE);
        Iterator<String> values = details.values(1000).iterator();
        while (values.hasNext()) {
            JsonNode d = json.readTree(values.next());
            JsonNode status = d.get("responseStatus");
            if (status == null || status.isNull()) {
                continue; // no answer: nothing was exercised
            }
            String method = d.path("method").asString("");
            String url = d.path("url").asString("");
            UUID caseId =
                    d.hasNonNull("caseId") ? UUID.fromString(d.get("caseId").asString()) : null;
            String[] origin = caseId == null ? null : origins.get(caseId);
            Integer position = origin != null ? byKey.get(origin[0]) : null;
            if (position == null) {
                position = PathTemplates.match(templates, method, PathTemplates.pathOf(url));
            }
            Figures f = position == null ? null : slice.get(position);
            if (f == null) {
                continue; // another slice's endpoint, or none
            }
            record(f, d, status.asInt(), url, origin);
        }

        jdbc.update(
                "delete from coverage_endpoints where coverage_id = ? and position between ? and ?",
                coverageId,
                first,
                last);
        List<Object[]> rows = new ArrayList<>();
        for (Figures f : slice.values()) {
            List<String> unexercised =
                    f.parameters.stream().filter(p -> !f.exercised.contains(p)).toList();
            rows.add(new Object[] {
                coverageId,
                f.id,
                f.position,
                f.method,
                f.path,
                f.tags,
                f.steps,
                json.writeValueAsString(f.documented),
                json.writeValueAsString(f.observed),
                json.writeValueAsString(f.undocumented),
                json.writeValueAsString(f.parameters),
                json.writeValueAsString(unexercised),
                f.checked,
                f.failed,
                json.writeValueAsString(f.violations),
                json.writeValueAsString(f.kinds)
            });
        }
        jdbc.batchUpdate(
                """
                insert into coverage_endpoints (coverage_id, endpoint_id, position, method, path, tags, steps, documented, observed,
                  undocumented, parameters, unexercised, conformance_checked, conformance_failed, violations, kinds)
                values (?, ?, ?, ?, ?, ?::jsonb, ?, ?::jsonb, ?::jsonb, ?::jsonb, ?::jsonb, ?::jsonb, ?, ?, ?::jsonb, ?::jsonb)""",
                rows);
        contribution.incrementWriteCount(rows.size());
        return RepeatStatus.FINISHED;
    }

    private static void record(Figures f, JsonNode d, int status, String url, String[] origin) {
        f.steps++;
        String exact = String.valueOf(status);
        String range = (status / 100) + "XX";
        String matched = null;
        for (String documented : f.documented) {
            if (documented.equalsIgnoreCase(exact)) {
                matched = documented;
            }
        }
        if (matched == null) {
            for (String documented : f.documented) {
                if (documented.equalsIgnoreCase(range)) {
                    matched = documented;
                }
            }
        }
        if (matched == null) {
            f.undocumented.add(exact);
            if (f.documented.contains("default")) {
                matched = "default";
            }
        }
        if (matched != null) {
            f.observed.add(matched);
        }
        Set<String> query = queryNames(url);
        Set<String> headers = new java.util.HashSet<>();
        d.path("requestHeaders").propertyNames().forEach(h -> headers.add(h.toLowerCase(Locale.ROOT)));
        for (String parameter : f.parameters) {
            int colon = parameter.indexOf(':');
            String location = parameter.substring(0, colon);
            String name = parameter.substring(colon + 1);
            boolean used =
                    switch (location) {
                        case "path" -> true;
                        case "query" -> query.contains(name);
                        case "header" -> headers.contains(name.toLowerCase(Locale.ROOT));
                        case "cookie" ->
                            d.path("requestHeaders").path("Cookie").asString("").contains(name + "=");
                        case "body" ->
                            d.hasNonNull("requestBody")
                                    && !d.get("requestBody").asString().isEmpty();
                        default -> false;
                    };
            if (used) {
                f.exercised.add(parameter);
            }
        }
        JsonNode conformance = d.get("conformance");
        if (conformance != null && !conformance.isNull()) {
            f.checked++;
            boolean ok = conformance.path("statusDocumented").asBoolean(false)
                    && !(conformance.path("bodyConforms").isBoolean()
                            && !conformance.path("bodyConforms").asBoolean());
            if (!ok) {
                f.failed++;
                for (JsonNode v : conformance.path("violations")) {
                    if (f.violations.size() < MAX_VIOLATIONS) {
                        f.violations.add(v.asString());
                    }
                }
            }
        }
        if (origin != null && origin[1] != null) {
            f.kinds.add(origin[1]);
        }
    }

    private static Set<String> queryNames(String url) {
        Set<String> names = new java.util.HashSet<>();
        int q = url.indexOf('?');
        if (q < 0) {
            return names;
        }
        for (String pair : url.substring(q + 1).split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            try {
                names.add(URLDecoder.decode(name, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                names.add(name);
            }
        }
        return names;
    }
}
