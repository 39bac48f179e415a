package dev.orchestra.persistence.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/** A row of {@code log}. */
@Entity
@Table(name = "log")
public class LogEntity extends BaseEntity {

    @Column(name = "name", nullable = false)
    public String name;

    @Column(name = "level", nullable = false)
    public short level;

    @Column(name = "flow_run_id")
    public UUID flowRunId;

    @Column(name = "task_run_id")
    public UUID taskRunId;

    @Column(name = "message", nullable = false, columnDefinition = "text")
    public String message;

    @Column(name = "timestamp", nullable = false)
    public OffsetDateTime timestamp;
}
