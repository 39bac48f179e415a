package dev.orchestra.persistence.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.util.UUID;

/** A row of {@code task_run_state}: one state in a task run's history. */
@Entity
@Table(name = "task_run_state")
public class TaskRunStateEntity extends StateEntity {

    @Column(name = "task_run_id", nullable = false)
    public UUID taskRunId;
}
