package dev.gantry.controlplane.suites;

import dev.gantry.controlplane.bodies.BodiesProperties;
import dev.gantry.controlplane.bodies.BodyLimit;
import dev.gantry.controlplane.bodies.RequestBodies;
import dev.gantry.controlplane.common.ConflictException;
import dev.gantry.controlplane.common.FieldViolation;
import dev.gantry.controlplane.common.InvalidInputException;
import dev.gantry.controlplane.security.Caller;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.MappingIterator;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvSchema;

@RestController
class DataSetController {
    static final int MAX_ROWS = 200_000;
    private static final CsvMapper CSV = new CsvMapper();
    private static final Pattern COLUMN = Pattern.compile("[A-Za-z_][A-Za-z0-9_.\\-]*");

    /**
     * Rows as objects ({@code [{"name": "a"}]}), or in tabular form with {@code columns}
     * ({@code "columns": ["name"], "rows": [["a"]]}).
     */
    record DataSetRequest(String name, Boolean enabled, List<String> columns, List<Object> rows) {}

    record DataSetResponse(
            UUID id,
            UUID suiteId,
            String name,
            boolean enabled,
            int rowCount,
            List<Map<String, Object>> rows,
            Instant createdAt,
            Instant updatedAt) {
        static DataSetResponse of(DataSet d) {
            return new DataSetResponse(
                    d.getId(),
                    d.getSuiteId(),
                    d.getName(),
                    d.isEnabled(),
                    d.getRows().size(),
                    d.getRows(),
                    d.getCreatedAt(),
                    d.getUpdatedAt());
        }
    }

    private final SuiteRepository suites;
    private final DataSetRepository dataSets;
    private final TestCaseRepository cases;
    private final Clock clock;

    private final CaseChanges changes;

    DataSetController(
            SuiteRepository suites,
            DataSetRepository dataSets,
            TestCaseRepository cases,
            CaseChanges changes,
            Clock clock) {
        this.changes = changes;
        this.suites = suites;
        this.dataSets = dataSets;
        this.cases = cases;
        this.clock = clock;
    }

    @PostMapping("/api/v1/suites/{suiteId}/data-sets")
    @BodyLimit(BodiesProperties.DATA_SET)
    @ResponseStatus(HttpStatus.CREATED)
    @Transactional
    DataSetResponse create(Caller caller, @PathVariable UUID suiteId, @RequestBody DataSetRequest request) {
        suites.require(suiteId, caller.tenantId());
        List<Map<String, Object>> rows = rows(request);
        if (dataSets.existsBySuiteIdAndName(suiteId, request.name())) {
            throw new ConflictException(
                    "name", "a data set named '" + request.name() + "' already exists in this suite");
        }
        DataSet dataSet = new DataSet(caller.tenantId(), suiteId, clock.instant());
        dataSet.update(request.name(), request.enabled() == null || request.enabled(), rows, clock.instant());
        changes.suiteChanged(caller.tenantId(), suiteId, caller.userId(), "data set '" + request.name() + "' added");
        return DataSetResponse.of(dataSets.save(dataSet));
    }

    /** A CSV upload: the first line names the columns, every other line is a row. */
    @BodyLimit(BodiesProperties.DATA_SET)
    @PostMapping(
            path = "/api/v1/suites/{suiteId}/data-sets/csv",
            consumes = {"text/csv", "text/plain"})
    @ResponseStatus(HttpStatus.CREATED)
    @Transactional
    DataSetResponse createFromCsv(
            Caller caller,
            @PathVariable UUID suiteId,
            @RequestParam String name,
            @RequestParam(defaultValue = "true") boolean enabled,
            @RequestBody String csv) {
        List<Object> rows = new ArrayList<>();
        try (MappingIterator<Map<String, String>> lines = CSV.readerFor(new TypeReference<Map<String, String>>() {})
                .with(CsvSchema.emptySchema().withHeader())
                .readValues(csv)) {
            while (lines.hasNext()) {
                rows.add(lines.next());
            }
        } catch (JacksonException e) {
            throw new InvalidInputException(
                    "body", "not readable as CSV with a header line: " + e.getOriginalMessage());
        }
        return create(caller, suiteId, new DataSetRequest(name, enabled, null, rows));
    }

    /**
     * A Newman iteration data file ({@code newman run -d}): a JSON array of objects or a CSV, told
     * apart by the content type (or, like Newman, JSON if it reads as JSON, else CSV). The name is
     * {@code ?name=}, else the upload's file name (Content-Disposition) without its extension.
     */
    @BodyLimit(BodiesProperties.DATA_SET)
    @PostMapping("/api/v1/suites/{suiteId}/data-sets/import/newman")
    @ResponseStatus(HttpStatus.CREATED)
    @Transactional
    DataSetResponse importNewman(
            Caller caller,
            @PathVariable UUID suiteId,
            @RequestParam(required = false) String name,
            @RequestParam(defaultValue = "true") boolean enabled,
            HttpServletRequest body)
            throws IOException {
        suites.require(suiteId, caller.tenantId());
        String dataSetName = name != null ? name : uploadName(body.getHeader(HttpHeaders.CONTENT_DISPOSITION));
        List<Map<String, Object>> rows =
                NewmanDataFile.read(RequestBodies.read(body), NewmanDataFile.formatOf(body.getContentType()));
        return create(caller, suiteId, new DataSetRequest(dataSetName, enabled, null, new ArrayList<>(rows)));
    }

    /** {@code attachment; filename="logins.csv"} names the data set {@code logins}. */
    private static String uploadName(String contentDisposition) {
        String filename = null;
        if (contentDisposition != null) {
            try {
                filename = ContentDisposition.parse(contentDisposition).getFilename();
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("Content-Disposition", "not readable: " + e.getMessage());
            }
        }
        if (filename == null || filename.isBlank()) {
            throw new InvalidInputException("name", "give ?name= (or the file name in a Content-Disposition header)");
        }
        int slash = Math.max(filename.lastIndexOf('/'), filename.lastIndexOf('\\'));
        String base = filename.substring(slash + 1);
        int dot = base.lastIndexOf('.');
        return dot > 0 ? base.substring(0, dot) : base;
    }

    @GetMapping("/api/v1/suites/{suiteId}/data-sets")
    List<DataSetResponse> list(Caller caller, @PathVariable UUID suiteId) {
        suites.require(suiteId, caller.tenantId());
        return dataSets.findBySuiteIdOrderByCreatedAtAsc(suiteId).stream()
                .map(DataSetResponse::of)
                .toList();
    }

    @GetMapping("/api/v1/data-sets/{id}")
    DataSetResponse get(Caller caller, @PathVariable UUID id) {
        return DataSetResponse.of(dataSets.require(id, caller.tenantId()));
    }

    @PutMapping("/api/v1/data-sets/{id}")
    @BodyLimit(BodiesProperties.DATA_SET)
    @Transactional
    DataSetResponse update(Caller caller, @PathVariable UUID id, @RequestBody DataSetRequest request) {
        DataSet dataSet = dataSets.require(id, caller.tenantId());
        List<Map<String, Object>> rows = rows(request);
        changes.suiteChanged(
                caller.tenantId(), dataSet.getSuiteId(), caller.userId(), "data set '" + request.name() + "' changed");
        dataSet.update(request.name(), request.enabled() == null || request.enabled(), rows, clock.instant());
        return DataSetResponse.of(dataSet);
    }

    @DeleteMapping("/api/v1/data-sets/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Transactional
    void delete(Caller caller, @PathVariable UUID id) {
        DataSet dataSet = dataSets.require(id, caller.tenantId());
        if (cases.existsByDataSetId(id)) {
            throw new ConflictException("id", "test cases pin data set " + id + "; unpin them first");
        }
        changes.suiteChanged(
                caller.tenantId(),
                dataSet.getSuiteId(),
                caller.userId(),
                "data set '" + dataSet.getName() + "' removed");
        dataSets.delete(dataSet);
    }

    /** Validates the request and answers its rows as objects, whichever form they came in. */
    private static List<Map<String, Object>> rows(DataSetRequest request) {
        List<FieldViolation> violations = new ArrayList<>();
        if (request.name() == null || request.name().isBlank() || request.name().length() > 200) {
            violations.add(new FieldViolation("name", "must be 1..200 characters"));
        }
        List<String> columns = request.columns();
        if (columns != null) {
            for (int c = 0; c < columns.size(); c++) {
                if (columns.get(c) == null || !COLUMN.matcher(columns.get(c)).matches()) {
                    violations.add(new FieldViolation("columns[" + c + "]", "is not a variable name"));
                }
            }
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        if (request.rows() == null) {
            violations.add(new FieldViolation("rows", "is required: an array of objects, or of arrays with columns"));
        } else if (request.rows().size() > MAX_ROWS) {
            violations.add(new FieldViolation("rows", "at most " + MAX_ROWS + " rows per data set"));
        } else {
            for (int i = 0; i < request.rows().size() && violations.size() < 20; i++) {
                Object row = request.rows().get(i);
                String field = "rows[" + i + "]";
                if (columns != null) {
                    if (!(row instanceof List<?> values) || values.size() != columns.size()) {
                        violations.add(new FieldViolation(field, "must be an array of " + columns.size() + " values"));
                        continue;
                    }
                    Map<String, Object> named = new LinkedHashMap<>();
                    for (int c = 0; c < columns.size(); c++) {
                        named.put(columns.get(c), values.get(c));
                    }
                    rows.add(named);
                } else if (row instanceof Map<?, ?> map) {
                    Map<String, Object> named = new LinkedHashMap<>();
                    map.forEach((column, value) -> {
                        if (!COLUMN.matcher(String.valueOf(column)).matches()) {
                            violations.add(new FieldViolation(field + "." + column, "is not a variable name"));
                        }
                        named.put(String.valueOf(column), value);
                    });
                    rows.add(named);
                } else {
                    violations.add(new FieldViolation(field, "must be an object (or an array, with columns)"));
                }
            }
        }
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
        return rows;
    }
}
