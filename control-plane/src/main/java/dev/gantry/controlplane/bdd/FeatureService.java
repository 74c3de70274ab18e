package dev.gantry.controlplane.bdd;

import dev.gantry.controlplane.common.ConflictException;
import dev.gantry.controlplane.common.InvalidInputException;
import dev.gantry.controlplane.common.NotFoundException;
import dev.gantry.controlplane.projects.ProjectRepository;
import dev.gantry.controlplane.security.Caller;
import io.cucumber.messages.types.Feature;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Feature files: kept as drafts, previewed, published into a suite, restored to an earlier publication. */
@Service
class FeatureService {
    record Published(
            UUID featureId,
            int version,
            UUID suiteId,
            List<FeaturePublisher.CaseRef> created,
            List<FeaturePublisher.CaseRef> updated,
            List<FeaturePublisher.CaseRef> removed,
            List<FeaturePublisher.DataSetRef> dataSets,
            List<FeaturePlan.Unmatched> unmatched) {}

    private final FeatureStore store;
    private final StepCatalog catalog;
    private final FeaturePublisher publisher;
    private final ProjectRepository projects;
    private final BddProperties properties;
    private final Clock clock;

    FeatureService(
            FeatureStore store,
            StepCatalog catalog,
            FeaturePublisher publisher,
            ProjectRepository projects,
            BddProperties properties,
            Clock clock) {
        this.store = store;
        this.catalog = catalog;
        this.publisher = publisher;
        this.projects = projects;
        this.properties = properties;
        this.clock = clock;
    }

    /** The plan the content makes with the project's catalog as it is; 400 on {@code content} when it cannot be read. */
    FeaturePlan plan(UUID tenantId, UUID projectId, String content) {
        Feature feature = GherkinReader.read("content", content, properties.maxFeatureBytes());
        FeaturePlan plan = FeaturePlanner.plan(feature, catalog.entries(tenantId, projectId), properties);
        publisher.check(plan);
        return plan;
    }

    @Transactional
    FeatureStore.FeatureFile create(Caller caller, UUID projectId, String name, String description, String content) {
        projects.require(projectId, caller.tenantId());
        FeaturePlan plan = plan(caller.tenantId(), projectId, content);
        String fileName = name(name, plan);
        if (store.nameTaken(projectId, fileName, new UUID(0, 0))) {
            throw new ConflictException(
                    "name", "a feature file named '" + fileName + "' already exists in this project");
        }
        Instant now = clock.instant();
        FeatureStore.FeatureFile file = new FeatureStore.FeatureFile(
                UUID.randomUUID(),
                projectId,
                fileName,
                description(description),
                content,
                FeatureStore.Status.DRAFT,
                null,
                null,
                caller.userId(),
                now,
                now);
        store.insert(caller.tenantId(), file);
        return file;
    }

    /** A changed file is a draft again until it is published; its published versions stay. */
    @Transactional
    FeatureStore.FeatureFile update(Caller caller, UUID id, String name, String description, String content) {
        FeatureStore.FeatureFile file = store.lock(caller.tenantId(), id);
        String text = content == null ? file.content() : content;
        FeaturePlan plan = plan(caller.tenantId(), file.projectId(), text);
        String fileName = name == null ? file.name() : name(name, plan);
        if (store.nameTaken(file.projectId(), fileName, id)) {
            throw new ConflictException(
                    "name", "a feature file named '" + fileName + "' already exists in this project");
        }
        FeatureStore.Status status = text.equals(file.content()) && file.status() == FeatureStore.Status.PUBLISHED
                ? FeatureStore.Status.PUBLISHED
                : FeatureStore.Status.DRAFT;
        store.update(
                caller.tenantId(),
                id,
                fileName,
                description == null ? file.description() : description(description),
                text,
                status,
                clock.instant());
        return store.require(caller.tenantId(), id);
    }

    @Transactional
    FeatureStore.FeatureFile archive(Caller caller, UUID id) {
        FeatureStore.FeatureFile file = store.lock(caller.tenantId(), id);
        store.update(
                caller.tenantId(),
                id,
                file.name(),
                file.description(),
                file.content(),
                FeatureStore.Status.ARCHIVED,
                clock.instant());
        return store.require(caller.tenantId(), id);
    }

    @Transactional
    Published publish(Caller caller, UUID id, UUID suiteId) {
        FeatureStore.FeatureFile file = store.lock(caller.tenantId(), id);
        if (file.status() == FeatureStore.Status.ARCHIVED) {
            throw new ConflictException("status", "an archived feature file is not published; change it first");
        }
        return publish(caller, file, file.content(), suiteId);
    }

    /** Publishes an earlier version's content again, as a new version: the cases follow it. */
    @Transactional
    Published restore(Caller caller, UUID id, Integer version) {
        FeatureStore.FeatureFile file = store.lock(caller.tenantId(), id);
        if (version == null) {
            throw new InvalidInputException("version", "is required: the published version to restore");
        }
        FeatureStore.Version earlier = store.version(id, version)
                .orElseThrow(
                        () -> new InvalidInputException("version", "the file has no published version " + version));
        return publish(caller, file, earlier.content(), null);
    }

    private Published publish(Caller caller, FeatureStore.FeatureFile file, String content, UUID suiteId) {
        FeaturePlan plan = plan(caller.tenantId(), file.projectId(), content);
        UUID suite = publisher.suite(caller, file, suiteId, plan.feature());
        FeaturePublisher.Result result =
                publisher.publish(caller, suite, plan, store.cases(file.id()), store.dataSets(file.id()));
        int version = store.published(
                caller.tenantId(),
                file.id(),
                content,
                suite,
                caller.userId(),
                clock.instant(),
                result.caseIds(),
                result.dataSetIds(),
                plan.uses());
        return new Published(
                file.id(),
                version,
                suite,
                result.created(),
                result.updated(),
                result.removed(),
                result.dataSets(),
                plan.unmatched());
    }

    FeatureStore.FeatureFile get(Caller caller, UUID id) {
        return store.require(caller.tenantId(), id);
    }

    FeatureStore.Version version(Caller caller, UUID id, int version) {
        store.require(caller.tenantId(), id);
        return store.version(id, version)
                .orElseThrow(() -> new NotFoundException("feature file version", String.valueOf(version)));
    }

    List<FeatureStore.Version> versions(Caller caller, UUID id) {
        store.require(caller.tenantId(), id);
        return store.versions(id);
    }

    List<FeatureStore.FeatureFile> list(Caller caller, UUID projectId) {
        projects.require(projectId, caller.tenantId());
        return store.list(caller.tenantId(), projectId);
    }

    @Transactional
    void delete(Caller caller, UUID id) {
        store.require(caller.tenantId(), id);
        store.delete(caller.tenantId(), id);
    }

    private static String name(String name, FeaturePlan plan) {
        String chosen = name == null || name.isBlank() ? plan.feature() : name.strip();
        if (chosen.isBlank()) {
            throw new InvalidInputException("name", "must not be blank (the Feature has no name to take)");
        }
        if (chosen.length() > 200) {
            throw new InvalidInputException("name", "at most 200 characters");
        }
        return chosen;
    }

    private static String description(String description) {
        if (description != null && description.length() > 2000) {
            throw new InvalidInputException("description", "at most 2000 characters");
        }
        return description;
    }
}
