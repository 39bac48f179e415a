package dev.orchestra.persistence.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.util.UUID;

/** A row of {@code flow_run_state}: one state in a flow run's history. */
@Entity
@Table(name = "flow_run_state")
public class FlowRunStateEntity extends StateEntity {

    @Column(name = "flow_run_id", nullable = false)
    public UUID flowRunId;
}
