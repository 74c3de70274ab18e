package dev.gantry.controlplane.suites;

import dev.gantry.controlplane.common.ConflictException;
import dev.gantry.controlplane.common.FieldViolation;
import dev.gantry.controlplane.common.InvalidInputException;
import dev.gantry.controlplane.security.Caller;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
class DataSetController {
    static final int MAX_ROWS = 200_000;
    private static final Pattern COLUMN = Pattern.compile("[A-Za-z_][A-Za-z0-9_.\\-]*");

    record DataSetRequest(String name, Boolean enabled, List<Map<String, Object>> rows) {}

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
    private final Clock clock;

    DataSetController(SuiteRepository suites, DataSetRepository dataSets, Clock clock) {
        this.suites = suites;
        this.dataSets = dataSets;
        this.clock = clock;
    }

    @PostMapping("/api/v1/suites/{suiteId}/data-sets")
    @ResponseStatus(HttpStatus.CREATED)
    @Transactional
    DataSetResponse create(Caller caller, @PathVariable UUID suiteId, @RequestBody DataSetRequest request) {
        Suite suite = suites.require(suiteId, caller.tenantId());
        validate(request);
        if (dataSets.existsBySuiteIdAndName(suiteId, request.name())) {
            throw new ConflictException(
                    "name", "a data set named '" + request.name() + "' already exists in this suite");
        }
        DataSet dataSet = new DataSet(caller.tenantId(), suiteId, clock.instant());
        dataSet.update(request.name(), request.enabled() == null || request.enabled(), request.rows(), clock.instant());
        suite.touch(clock.instant());
        return DataSetResponse.of(dataSets.save(dataSet));
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
    @Transactional
    DataSetResponse update(Caller caller, @PathVariable UUID id, @RequestBody DataSetRequest request) {
        DataSet dataSet = dataSets.require(id, caller.tenantId());
        validate(request);
        dataSet.update(request.name(), request.enabled() == null || request.enabled(), request.rows(), clock.instant());
        suites.require(dataSet.getSuiteId(), caller.tenantId()).touch(clock.instant());
        return DataSetResponse.of(dataSet);
    }

    @DeleteMapping("/api/v1/data-sets/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Transactional
    void delete(Caller caller, @PathVariable UUID id) {
        DataSet dataSet = dataSets.require(id, caller.tenantId());
        dataSets.delete(dataSet);
        suites.require(dataSet.getSuiteId(), caller.tenantId()).touch(clock.instant());
    }

    private static void validate(DataSetRequest request) {
        List<FieldViolation> violations = new ArrayList<>();
        if (request.name() == null || request.name().isBlank() || request.name().length() > 200) {
            violations.add(new FieldViolation("name", "must be 1..200 characters"));
        }
        if (request.rows() == null) {
            violations.add(new FieldViolation("rows", "is required: an array of objects"));
        } else if (request.rows().size() > MAX_ROWS) {
            violations.add(new FieldViolation("rows", "at most " + MAX_ROWS + " rows per data set"));
        } else {
            for (int i = 0; i < request.rows().size() && violations.size() < 20; i++) {
                Map<String, Object> row = request.rows().get(i);
                if (row == null) {
                    violations.add(new FieldViolation("rows[" + i + "]", "must be an object"));
                    continue;
                }
                for (String column : row.keySet()) {
                    if (!COLUMN.matcher(column).matches()) {
                        violations.add(new FieldViolation("rows[" + i + "]." + column, "is not a variable name"));
                    }
                }
            }
        }
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
    }
}
