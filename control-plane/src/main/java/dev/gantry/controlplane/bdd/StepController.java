package dev.gantry.controlplane.bdd;

import dev.gantry.controlplane.bodies.BodyLimit;
import dev.gantry.controlplane.common.ConflictException;
import dev.gantry.controlplane.common.FieldViolation;
import dev.gantry.controlplane.common.InvalidInputException;
import dev.gantry.controlplane.common.NotFoundException;
import dev.gantry.controlplane.projects.ProjectRepository;
import dev.gantry.controlplane.security.Caller;
import dev.gantry.controlplane.security.People;
import dev.gantry.controlplane.security.Person;
import dev.gantry.controlplane.suites.CaseDrafts;
import dev.gantry.model.HttpMethod;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
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

/** A project's step catalog: entries, their usage counts, and suggestions while a step is typed. */
@RestController
class StepController {
    static final int MAX_QUERY = 200;

    record StepRequest(
            String keyword,
            String pattern,
            String description,
            Map<String, Object> request,
            Map<String, Object> expectations,
            List<Object> extractions) {}

    record ParameterResponse(String name, String type) {}

    record Ref(UUID id, String pattern) {}

    record StepResponse(
            UUID id,
            UUID projectId,
            StepEntry.Keyword keyword,
            String pattern,
            List<ParameterResponse> parameters,
            String description,
            Object request,
            Object expectations,
            Object extractions,
            long uses,
            List<Ref> ambiguousWith,
            Person createdBy,
            Instant createdAt,
            Instant updatedAt) {}

    record Suggestion(
            UUID id, StepEntry.Keyword keyword, String pattern, List<ParameterResponse> parameters, long uses) {}

    private final StepCatalog catalog;
    private final ProjectRepository projects;
    private final CaseDrafts drafts;
    private final People people;
    private final BddProperties properties;
    private final Clock clock;

    StepController(
            StepCatalog catalog,
            ProjectRepository projects,
            CaseDrafts drafts,
            People people,
            BddProperties properties,
            Clock clock) {
        this.catalog = catalog;
        this.projects = projects;
        this.drafts = drafts;
        this.people = people;
        this.properties = properties;
        this.clock = clock;
    }

    @PostMapping("/api/v1/projects/{projectId}/steps")
    @BodyLimit(BddProperties.MAX_BODY_BYTES)
    @ResponseStatus(HttpStatus.CREATED)
    @Transactional
    StepResponse create(Caller caller, @PathVariable UUID projectId, @RequestBody StepRequest request) {
        projects.require(projectId, caller.tenantId());
        if (catalog.count(caller.tenantId(), projectId) >= properties.maxCatalogEntries()) {
            throw new ConflictException(
                    "pattern",
                    "the project's catalog holds " + properties.maxCatalogEntries()
                            + " entries (gantry.bdd.max-catalog-entries)");
        }
        Instant now = clock.instant();
        StepEntry entry = entry(UUID.randomUUID(), projectId, request, caller.userId(), now, now);
        if (catalog.patternTaken(projectId, entry.pattern().source(), entry.id())) {
            throw new ConflictException("pattern", "the catalog already has this pattern");
        }
        catalog.insert(caller.tenantId(), entry);
        return response(caller, entry, 0);
    }

    @GetMapping("/api/v1/projects/{projectId}/steps")
    List<StepResponse> list(Caller caller, @PathVariable UUID projectId) {
        projects.require(projectId, caller.tenantId());
        Map<UUID, Long> uses = catalog.uses(caller.tenantId(), projectId);
        List<StepEntry> entries = catalog.entries(caller.tenantId(), projectId);
        Map<UUID, Person> who = people.people(
                caller.tenantId(), entries.stream().map(StepEntry::createdBy).toList());
        return entries.stream()
                .map(e -> response(e, uses.getOrDefault(e.id(), 0L), List.of(), who.get(e.createdBy())))
                .toList();
    }

    @GetMapping("/api/v1/steps/{id}")
    StepResponse get(Caller caller, @PathVariable UUID id) {
        StepEntry entry = require(caller, id);
        return response(
                caller,
                entry,
                catalog.uses(caller.tenantId(), entry.projectId()).getOrDefault(id, 0L));
    }

    @PutMapping("/api/v1/steps/{id}")
    @BodyLimit(BddProperties.MAX_BODY_BYTES)
    @Transactional
    StepResponse update(Caller caller, @PathVariable UUID id, @RequestBody StepRequest request) {
        StepEntry old = require(caller, id);
        StepEntry entry = entry(id, old.projectId(), request, old.createdBy(), old.createdAt(), clock.instant());
        if (catalog.patternTaken(old.projectId(), entry.pattern().source(), id)) {
            throw new ConflictException("pattern", "the catalog already has this pattern");
        }
        catalog.update(caller.tenantId(), entry);
        return response(
                caller,
                entry,
                catalog.uses(caller.tenantId(), entry.projectId()).getOrDefault(id, 0L));
    }

    @DeleteMapping("/api/v1/steps/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Transactional
    void delete(Caller caller, @PathVariable UUID id) {
        require(caller, id);
        catalog.delete(caller.tenantId(), id);
    }

    /**
     * Entries for what is being typed, best first: the text itself matched, then a pattern starting
     * with it, then patterns holding all its words, then some; more used entries first among equals.
     * A leading Given/When/Then/And/But is read as the keyword, not as a word.
     */
    @GetMapping("/api/v1/projects/{projectId}/steps/suggest")
    List<Suggestion> suggest(
            Caller caller,
            @PathVariable UUID projectId,
            @RequestParam(required = false, defaultValue = "") String q,
            @RequestParam(required = false) Integer limit) {
        projects.require(projectId, caller.tenantId());
        if (q.length() > MAX_QUERY) {
            throw new InvalidInputException("q", "at most " + MAX_QUERY + " characters");
        }
        int wanted = limit == null ? 10 : limit;
        if (wanted < 1 || wanted > properties.maxSuggestions()) {
            throw new InvalidInputException("limit", "must be 1.." + properties.maxSuggestions());
        }
        String text = q.strip();
        StepEntry.Keyword keyword = null;
        String[] first = text.split("\\s+", 2);
        String lead = first[0].toLowerCase(Locale.ROOT);
        if (List.of("given", "when", "then", "and", "but", "*").contains(lead)) {
            keyword = switch (lead) {
                case "given" -> StepEntry.Keyword.GIVEN;
                case "when" -> StepEntry.Keyword.WHEN;
                case "then" -> StepEntry.Keyword.THEN;
                default -> null;
            };
            text = first.length > 1 ? first[1] : "";
        }
        String typed = text.toLowerCase(Locale.ROOT);
        List<String> words = Arrays.stream(typed.split("[^\\p{L}\\p{N}_]+"))
                .filter(w -> !w.isEmpty())
                .toList();
        Map<UUID, Long> uses = catalog.uses(caller.tenantId(), projectId);
        record Scored(StepEntry entry, double score, long uses) {}
        List<Scored> scored = new ArrayList<>();
        for (StepEntry e : catalog.entries(caller.tenantId(), projectId)) {
            double score;
            String source = e.pattern().source().toLowerCase(Locale.ROOT);
            if (typed.isEmpty()) {
                score = 1;
            } else if (e.pattern().match(text).isPresent()) {
                score = 4;
            } else if (source.startsWith(typed)) {
                score = 3;
            } else {
                List<String> patternWords = Arrays.stream(e.pattern().words().split("[^\\p{L}\\p{N}_]+"))
                        .filter(w -> !w.isEmpty())
                        .toList();
                long found = words.stream()
                        .filter(w -> patternWords.stream().anyMatch(p -> p.startsWith(w)))
                        .count();
                score = words.isEmpty() || found == 0 ? 0 : (found == words.size() ? 2 : (double) found / words.size());
            }
            if (score > 0) {
                if (keyword != null && e.keyword() == keyword) {
                    score += 0.5;
                }
                scored.add(new Scored(e, score, uses.getOrDefault(e.id(), 0L)));
            }
        }
        return scored.stream()
                .sorted(Comparator.comparingDouble(Scored::score)
                        .reversed()
                        .thenComparing(Comparator.comparingLong(Scored::uses).reversed())
                        .thenComparing(s -> s.entry().pattern().source()))
                .limit(wanted)
                .map(s -> new Suggestion(
                        s.entry().id(),
                        s.entry().keyword(),
                        s.entry().pattern().source(),
                        parameters(s.entry()),
                        s.uses()))
                .toList();
    }

    private StepEntry require(Caller caller, UUID id) {
        return catalog.find(caller.tenantId(), id).orElseThrow(() -> new NotFoundException("step", id));
    }

    /** Checks a request as an entry: its pattern compiles, and its binding is a valid case for sample values. */
    private StepEntry entry(
            UUID id, UUID projectId, StepRequest request, UUID createdBy, Instant createdAt, Instant now) {
        StepEntry.Keyword keyword;
        if (request.keyword() == null) {
            throw new InvalidInputException("keyword", "is required: given, when or then");
        }
        try {
            keyword = StepEntry.Keyword.valueOf(request.keyword().strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("keyword", "'" + request.keyword() + "' is not one of given, when, then");
        }
        StepPattern pattern = StepPattern.parse("pattern", request.pattern());
        if (request.description() != null && request.description().length() > 2000) {
            throw new InvalidInputException("description", "at most 2000 characters");
        }
        Map<String, Object> binding = new LinkedHashMap<>();
        if (request.request() != null) {
            binding.put("request", request.request());
        }
        if (request.expectations() != null) {
            binding.put("expectations", request.expectations());
        }
        if (request.extractions() != null) {
            binding.put("extractions", request.extractions());
        }
        if (binding.isEmpty()) {
            throw new InvalidInputException(
                    "request", "an entry stands for a request, expectations or extractions; it has none");
        }
        check(binding, pattern);
        return new StepEntry(
                id, projectId, keyword, pattern, request.description(), binding, createdBy, createdAt, now);
    }

    /** The binding with sample values for the parameters must be a case {@code POST /cases} would take. */
    @SuppressWarnings("unchecked")
    private void check(Map<String, Object> binding, StepPattern pattern) {
        Map<String, String> samples = new LinkedHashMap<>();
        for (StepPattern.Parameter p : pattern.parameters()) {
            samples.put(
                    p.name(),
                    p.type() == StepPattern.Type.STRING ? "text" : p.type().sample());
        }
        samples.put("docString", "text");
        samples.put("table", "[]");
        samples.put("tableRow", "{}");
        Map<String, Object> sample = (Map<String, Object>) StepBindings.substitute(binding, samples);
        Map<String, Object> json = new LinkedHashMap<>(sample);
        json.put("name", "catalog entry");
        if (json.get("request") instanceof Map<?, ?> r) {
            Map<String, Object> req = new LinkedHashMap<>((Map<String, Object>) r);
            Object method = req.get("method");
            if (method instanceof String m
                    && HttpMethod.parse(m).isEmpty()
                    && binding.get("request") instanceof Map<?, ?> raw
                    && String.valueOf(raw.get("method")).contains("{{")) {
                req.put("method", "GET");
            }
            json.put("request", req);
        } else {
            json.put("request", Map.of("method", "GET", "path", "/"));
        }
        try {
            drafts.draft(json);
        } catch (InvalidInputException e) {
            // a field that is a parameter as a whole ("{{operator}}") is checked with each step's value at publication
            List<FieldViolation> real = e.violations().stream()
                    .filter(v -> !(at(binding, v.field()) instanceof String raw && raw.contains("{{")))
                    .toList();
            if (!real.isEmpty()) {
                throw new InvalidInputException(real);
            }
        }
    }

    /** The value at a violation's field ({@code expectations.jsonPath[0].operator}) in the binding as sent. */
    private static Object at(Object node, String field) {
        for (String part : field.split("\\.")) {
            int bracket = part.indexOf('[');
            String key = bracket < 0 ? part : part.substring(0, bracket);
            node = node instanceof Map<?, ?> map ? map.get(key) : null;
            if (bracket >= 0 && node instanceof List<?> list) {
                int index = Integer.parseInt(part.substring(bracket + 1, part.indexOf(']')));
                node = index < list.size() ? list.get(index) : null;
            }
        }
        return node;
    }

    private StepResponse response(Caller caller, StepEntry e, long uses) {
        List<Ref> ambiguous = new ArrayList<>();
        for (StepEntry other : catalog.entries(caller.tenantId(), e.projectId())) {
            if (other.id().equals(e.id())) {
                continue;
            }
            boolean overlaps = e.pattern()
                            .sample()
                            .flatMap(other.pattern()::match)
                            .isPresent()
                    || other.pattern().sample().flatMap(e.pattern()::match).isPresent();
            if (overlaps) {
                ambiguous.add(new Ref(other.id(), other.pattern().source()));
            }
        }
        return response(
                e, uses, ambiguous, e.createdBy() == null ? null : people.person(caller.tenantId(), e.createdBy()));
    }

    private static StepResponse response(StepEntry e, long uses, List<Ref> ambiguous, Person createdBy) {
        return new StepResponse(
                e.id(),
                e.projectId(),
                e.keyword(),
                e.pattern().source(),
                parameters(e),
                e.description(),
                e.binding().get("request"),
                e.binding().get("expectations"),
                e.binding().get("extractions"),
                uses,
                ambiguous,
                createdBy,
                e.createdAt(),
                e.updatedAt());
    }

    private static List<ParameterResponse> parameters(StepEntry e) {
        return e.pattern().parameters().stream()
                .map(p -> new ParameterResponse(p.name(), p.type().name().toLowerCase(Locale.ROOT)))
                .toList();
    }
}
