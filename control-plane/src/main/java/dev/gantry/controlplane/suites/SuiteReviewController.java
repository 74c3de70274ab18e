package dev.gantry.controlplane.suites;

import dev.gantry.controlplane.common.ConflictException;
import dev.gantry.controlplane.common.InvalidInputException;
import dev.gantry.controlplane.security.Caller;
import dev.gantry.controlplane.security.People;
import java.time.Clock;
import java.util.Arrays;
import java.util.Locale;
import java.util.UUID;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * A suite's status ({@code PATCH /api/v1/suites/{id}}, moves as {@link SuiteStatus} allows) and its
 * review ({@code POST /api/v1/suites/{id}/review}): a person approves or rejects the version a DRAFT
 * suite is at, a rejection with a note saying why.
 */
@RestController
class SuiteReviewController {
    static final int MAX_NOTE = 4000;

    record StatusRequest(String status) {}

    record ReviewRequest(String decision, String note) {}

    private final SuiteRepository suites;
    private final People people;
    private final Clock clock;

    SuiteReviewController(SuiteRepository suites, People people, Clock clock) {
        this.suites = suites;
        this.people = people;
        this.clock = clock;
    }

    @PatchMapping("/api/v1/suites/{id}")
    @Transactional
    SuiteController.SuiteResponse patch(Caller caller, @PathVariable UUID id, @RequestBody StatusRequest request) {
        if (request == null || request.status() == null) {
            throw new InvalidInputException("status", "is required: one of " + Arrays.toString(SuiteStatus.values()));
        }
        SuiteStatus to = status(request.status());
        Suite suite = suites.require(id, caller.tenantId());
        suite.moveTo(to);
        return SuiteController.SuiteResponse.of(suite, people);
    }

    @PostMapping("/api/v1/suites/{id}/review")
    @Transactional
    SuiteController.SuiteResponse review(Caller caller, @PathVariable UUID id, @RequestBody ReviewRequest request) {
        if (request == null || request.decision() == null) {
            throw new InvalidInputException("decision", "is required: APPROVED or REJECTED");
        }
        ReviewStatus decision = decision(request.decision());
        String note = request.note() == null || request.note().isBlank()
                ? null
                : request.note().strip();
        if (note != null && note.length() > MAX_NOTE) {
            throw new InvalidInputException("note", "at most " + MAX_NOTE + " characters");
        }
        if (decision == ReviewStatus.REJECTED && note == null) {
            throw new InvalidInputException("note", "a rejection says why: a note is required");
        }
        Suite suite = suites.require(id, caller.tenantId());
        if (suite.getStatus() != SuiteStatus.DRAFT) {
            throw new ConflictException(
                    "status",
                    "suite " + id + " is " + suite.getStatus() + "; only a DRAFT suite is reviewed (move it to DRAFT"
                            + " first)");
        }
        suite.review(decision, caller.userId(), note, clock.instant());
        return SuiteController.SuiteResponse.of(suite, people);
    }

    static SuiteStatus status(String value) {
        return parse("status", value, SuiteStatus.class);
    }

    private static ReviewStatus decision(String value) {
        ReviewStatus decision = parse("decision", value, ReviewStatus.class);
        if (decision == ReviewStatus.PENDING) {
            throw new InvalidInputException("decision", "must be APPROVED or REJECTED");
        }
        return decision;
    }

    private static <E extends Enum<E>> E parse(String field, String value, Class<E> type) {
        String wanted = value.strip().toUpperCase(Locale.ROOT);
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(wanted)) {
                return e;
            }
        }
        String shown = value.length() > 40 ? value.substring(0, 40) + "…" : value;
        throw new InvalidInputException(
                field, "'" + shown + "' is not one of " + Arrays.toString(type.getEnumConstants()));
    }
}
