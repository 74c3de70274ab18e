package dev.gantry.controlplane.runs;

import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

interface FrozenSnapshotRepository extends JpaRepository<FrozenSnapshot, UUID> {}
