package dev.orchestra.persistence.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.util.UUID;

/** A row of {@code flow_run_input}: a keyed value sent to a (paused) flow run. */
@Entity
@Table(name = "flow_run_input")
public class FlowRunInputEntity extends BaseEntity {

    @Column(name = "flow_run_id", nullable = false)
    public UUID flowRunId;

    @Column(name = "key", nullable = false)
    public String key;

    @Column(name = "value", nullable = false, columnDefinition = "text")
    public String value;

    @Column(name = "sender")
    public String sender;
}
