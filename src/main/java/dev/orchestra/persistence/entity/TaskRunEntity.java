package dev.orchestra.persistence.entity;

import dev.orchestra.persistence.convert.JsonColumns;
import dev.orchestra.persistence.convert.StringListJson;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.hibernate.annotations.ColumnTransformer;

/** A row of {@code task_run}. JSON columns are kept as their JSON text. */
@Entity
@Table(name = "task_run")
public class TaskRunEntity extends RunEntity {

    @Column(name = "flow_run_id")
    public UUID flowRunId;

    @Column(name = "task_key", nullable = false)
    public String taskKey;

    @Column(name = "dynamic_key", nullable = false)
    public String dynamicKey;

    @Column(name = "cache_key")
    public String cacheKey;

    @Column(name = "cache_expiration")
    public OffsetDateTime cacheExpiration;

    @Column(name = "task_version")
    public String taskVersion;

    @Column(name = "flow_run_run_count", nullable = false)
    public int flowRunRunCount;

    @ColumnTransformer(read = "empirical_policy::text", write = JsonColumns.WRITE)
    @Column(name = "empirical_policy", nullable = false, columnDefinition = "jsonb")
    public String empiricalPolicy = "{}";

    @ColumnTransformer(read = "task_inputs::text", write = JsonColumns.WRITE)
    @Column(name = "task_inputs", nullable = false, columnDefinition = "jsonb")
    public String taskInputs = "{}";

    @Convert(converter = StringListJson.class)
    @ColumnTransformer(read = "tags::text", write = JsonColumns.WRITE)
    @Column(name = "tags", nullable = false, columnDefinition = "jsonb")
    public List<String> tags = new ArrayList<>();

    @Column(name = "state_id")
    public UUID stateId;
}
