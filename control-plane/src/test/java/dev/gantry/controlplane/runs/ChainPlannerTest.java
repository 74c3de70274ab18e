package dev.gantry.controlplane.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.controlplane.common.UnprocessableException;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ChainPlannerTest {
    static ChainPlanner.Node node(String name, int position, ChainPlanner.Node dependsOn) {
        return new ChainPlanner.Node(UUID.randomUUID(), name, position, dependsOn == null ? null : dependsOn.id());
    }

    @Test
    void dependentCasesFormOneChainInDependencyOrder() {
        ChainPlanner.Node create = node("create", 5, null);
        ChainPlanner.Node read = node("read", 1, create); // lower position, but must follow create
        ChainPlanner.Node delete = node("delete", 2, read);
        ChainPlanner.Node health = node("health", 0, null);
        List<List<UUID>> chains = ChainPlanner.chains(List.of(create, read, delete, health));
        assertThat(chains).containsExactly(List.of(health.id()), List.of(create.id(), read.id(), delete.id()));
    }

    @Test
    void siblingsRunInPositionOrderAfterTheirParent() {
        ChainPlanner.Node login = node("login", 0, null);
        ChainPlanner.Node b = node("b", 2, login);
        ChainPlanner.Node a = node("a", 1, login);
        assertThat(ChainPlanner.chains(List.of(login, b, a))).containsExactly(List.of(login.id(), a.id(), b.id()));
    }

    @Test
    void aDependencyOnADisabledCaseIsUnprocessable() {
        ChainPlanner.Node disabled = node("disabled", 0, null);
        ChainPlanner.Node orphan = node("orphan", 1, disabled);
        assertThatThrownBy(() -> ChainPlanner.chains(List.of(orphan)))
                .isInstanceOf(UnprocessableException.class)
                .hasMessageContaining("orphan");
    }

    @Test
    void aCycleIsUnprocessable() {
        UUID a = UUID.randomUUID(), b = UUID.randomUUID();
        List<ChainPlanner.Node> cycle =
                List.of(new ChainPlanner.Node(a, "a", 0, b), new ChainPlanner.Node(b, "b", 1, a));
        assertThatThrownBy(() -> ChainPlanner.chains(cycle)).hasMessageContaining("cycle");
    }
}
