package dev.gantry.controlplane.processes;

import dev.gantry.controlplane.common.NotFoundException;
import dev.gantry.controlplane.security.Caller;
import dev.gantry.controlplane.security.People;
import dev.gantry.controlplane.security.Person;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The suites generated from a diagram, so that a client finds the runs whose results colour it
 * (the suites' runs are {@code GET /suites/{id}/runs}).
 */
@RestController
class ProcessSuitesController {
    /** A process suite: which version of the diagram its cases exercise, who generated it when. */
    record ProcessSuite(UUID suiteId, int version, Instant generatedAt, Person generatedBy) {}

    private final ProcessStore store;
    private final ProcessScenarios scenarios;
    private final People people;

    ProcessSuitesController(ProcessStore store, ProcessScenarios scenarios, People people) {
        this.store = store;
        this.scenarios = scenarios;
        this.people = people;
    }

    @GetMapping("/api/v1/processes/{id}/suites")
    List<ProcessSuite> suites(Caller caller, @PathVariable UUID id) {
        store.find(caller.tenantId(), id).orElseThrow(() -> new NotFoundException("diagram", id));
        List<ProcessScenarios.Scenario> suites = scenarios.ofDiagram(caller.tenantId(), id);
        Map<UUID, Person> named = people.people(
                caller.tenantId(),
                suites.stream().map(ProcessScenarios.Scenario::generatedBy).toList());
        return suites.stream()
                .map(s -> new ProcessSuite(s.suiteId(), s.version(), s.generatedAt(), named.get(s.generatedBy())))
                .toList();
    }
}
