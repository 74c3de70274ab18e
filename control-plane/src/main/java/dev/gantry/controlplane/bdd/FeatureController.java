package dev.gantry.controlplane.bdd;

import dev.gantry.controlplane.bodies.BodyLimit;
import dev.gantry.controlplane.security.Caller;
import dev.gantry.controlplane.security.People;
import dev.gantry.controlplane.security.Person;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** A project's feature files: drafts, previews, publications into a suite, versions and restores. */
@RestController
class FeatureController {
    record FeatureRequest(String name, String description, String content) {}

    record PublishRequest(UUID suiteId) {}

    record RestoreRequest(Integer version) {}

    record FeatureResponse(
            UUID id,
            UUID projectId,
            String name,
            String description,
            FeatureStore.Status status,
            UUID suiteId,
            Integer publishedVersion,
            Integer version,
            String content,
            Person createdBy,
            Instant createdAt,
            Instant updatedAt,
            Preview preview) {}

    record VersionResponse(int version, UUID suiteId, Person publishedBy, Instant publishedAt, int bytes) {}

    /** The scenarios of a file and exactly the cases and data sets publishing it would make. */
    record Preview(
            String feature,
            List<FeaturePlan.Chain> scenarios,
            List<FeaturePlan.DataSet> dataSets,
            List<FeaturePlan.Unmatched> unmatched,
            Map<String, Integer> counts) {
        static Preview of(FeaturePlan plan) {
            int cases = plan.chains().stream().mapToInt(c -> c.cases().size()).sum();
            return new Preview(
                    plan.feature(),
                    plan.chains(),
                    plan.dataSets(),
                    plan.unmatched(),
                    Map.of(
                            "scenarios", plan.chains().size(),
                            "cases", cases,
                            "dataSets", plan.dataSets().size(),
                            "unmatched", plan.unmatched().size()));
        }
    }

    private final FeatureService features;
    private final People people;

    FeatureController(FeatureService features, People people) {
        this.features = features;
        this.people = people;
    }

    @PostMapping("/api/v1/projects/{projectId}/features")
    @BodyLimit(BddProperties.MAX_BODY_BYTES)
    @ResponseStatus(HttpStatus.CREATED)
    FeatureResponse create(Caller caller, @PathVariable UUID projectId, @RequestBody FeatureRequest request) {
        FeatureStore.FeatureFile file =
                features.create(caller, projectId, request.name(), request.description(), request.content());
        return response(caller, file, null, Preview.of(features.plan(caller.tenantId(), projectId, file.content())));
    }

    @GetMapping("/api/v1/projects/{projectId}/features")
    List<FeatureResponse> list(Caller caller, @PathVariable UUID projectId) {
        return features.list(caller, projectId).stream()
                .map(f -> response(caller, f, null, null))
                .toList();
    }

    /** The file; with {@code ?version=} the content of that published version. */
    @GetMapping("/api/v1/features/{id}")
    FeatureResponse get(Caller caller, @PathVariable UUID id, @RequestParam(required = false) Integer version) {
        FeatureStore.FeatureFile file = features.get(caller, id);
        if (version == null) {
            return response(caller, file, null, null);
        }
        FeatureStore.Version v = features.version(caller, id, version);
        return response(
                caller,
                new FeatureStore.FeatureFile(
                        file.id(),
                        file.projectId(),
                        file.name(),
                        file.description(),
                        v.content(),
                        file.status(),
                        v.suiteId(),
                        file.publishedVersion(),
                        file.createdBy(),
                        file.createdAt(),
                        file.updatedAt()),
                version,
                null);
    }

    @PutMapping("/api/v1/features/{id}")
    @BodyLimit(BddProperties.MAX_BODY_BYTES)
    FeatureResponse update(Caller caller, @PathVariable UUID id, @RequestBody FeatureRequest request) {
        FeatureStore.FeatureFile file =
                features.update(caller, id, request.name(), request.description(), request.content());
        return response(
                caller, file, null, Preview.of(features.plan(caller.tenantId(), file.projectId(), file.content())));
    }

    @DeleteMapping("/api/v1/features/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(Caller caller, @PathVariable UUID id) {
        features.delete(caller, id);
    }

    @PostMapping("/api/v1/features/{id}/preview")
    Preview preview(Caller caller, @PathVariable UUID id) {
        FeatureStore.FeatureFile file = features.get(caller, id);
        return Preview.of(features.plan(caller.tenantId(), file.projectId(), file.content()));
    }

    @PostMapping("/api/v1/features/{id}/publish")
    @BodyLimit(BddProperties.MAX_BODY_BYTES)
    FeatureService.Published publish(
            Caller caller, @PathVariable UUID id, @RequestBody(required = false) PublishRequest request) {
        return features.publish(caller, id, request == null ? null : request.suiteId());
    }

    @PostMapping("/api/v1/features/{id}/archive")
    FeatureResponse archive(Caller caller, @PathVariable UUID id) {
        return response(caller, features.archive(caller, id), null, null);
    }

    @GetMapping("/api/v1/features/{id}/versions")
    List<VersionResponse> versions(Caller caller, @PathVariable UUID id) {
        List<FeatureStore.Version> versions = features.versions(caller, id);
        Map<UUID, Person> who = people.people(
                caller.tenantId(),
                versions.stream().map(FeatureStore.Version::publishedBy).toList());
        return versions.stream()
                .map(v -> new VersionResponse(
                        v.version(),
                        v.suiteId(),
                        who.get(v.publishedBy()),
                        v.publishedAt(),
                        v.content().getBytes(java.nio.charset.StandardCharsets.UTF_8).length))
                .toList();
    }

    @PostMapping("/api/v1/features/{id}/restore")
    @BodyLimit(BddProperties.MAX_BODY_BYTES)
    FeatureService.Published restore(
            Caller caller, @PathVariable UUID id, @RequestBody(required = false) RestoreRequest request) {
        return features.restore(caller, id, request == null ? null : request.version());
    }

    private FeatureResponse response(Caller caller, FeatureStore.FeatureFile f, Integer version, Preview preview) {
        return new FeatureResponse(
                f.id(),
                f.projectId(),
                f.name(),
                f.description(),
                f.status(),
                f.suiteId(),
                f.publishedVersion(),
                version,
                f.content(),
                people.person(caller.tenantId(), f.createdBy()),
                f.createdAt(),
                f.updatedAt(),
                preview);
    }
}
