package dev.orchestra.persistence.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/** A row of {@code task_run_state_cache}: a cache key pointing at a COMPLETED task run state. */
@Entity
@Table(name = "task_run_state_cache")
public class TaskRunStateCacheEntity extends BaseEntity {

    @Column(name = "cache_key", nullable = false)
    public String cacheKey;

    @Column(name = "cache_expiration")
    public OffsetDateTime cacheExpiration;

    @Column(name = "task_run_state_id", nullable = false)
    public UUID taskRunStateId;
}
