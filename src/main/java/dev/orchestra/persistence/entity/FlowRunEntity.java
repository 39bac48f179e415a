package dev.orchestra.persistence.entity;

import dev.orchestra.persistence.convert.JsonColumns;
import dev.orchestra.persistence.convert.StringListJson;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.hibernate.annotations.ColumnTransformer;

/** A row of {@code flow_run}. JSON columns are kept as their JSON text. */
@Entity
@Table(name = "flow_run")
public class FlowRunEntity extends RunEntity {

    @Column(name = "flow_id", nullable = false)
    public UUID flowId;

    @Column(name = "deployment_id")
    public UUID deploymentId;

    @Column(name = "work_queue_name")
    public String workQueueName;

    @Column(name = "flow_version")
    public String flowVersion;

    @ColumnTransformer(read = "parameters::text", write = JsonColumns.WRITE)
    @Column(name = "parameters", nullable = false, columnDefinition = "jsonb")
    public String parameters = "{}";

    @Column(name = "idempotency_key")
    public String idempotencyKey;

    @ColumnTransformer(read = "context::text", write = JsonColumns.WRITE)
    @Column(name = "context", nullable = false, columnDefinition = "jsonb")
    public String context = "{}";

    @ColumnTransformer(read = "empirical_policy::text", write = JsonColumns.WRITE)
    @Column(name = "empirical_policy", nullable = false, columnDefinition = "jsonb")
    public String empiricalPolicy = "{}";

    @Convert(converter = StringListJson.class)
    @ColumnTransformer(read = "tags::text", write = JsonColumns.WRITE)
    @Column(name = "tags", nullable = false, columnDefinition = "jsonb")
    public List<String> tags = new ArrayList<>();

    @ColumnTransformer(read = "created_by::text", write = JsonColumns.WRITE)
    @Column(name = "created_by", columnDefinition = "jsonb")
    public String createdBy;

    @Column(name = "infrastructure_pid")
    public String infrastructurePid;

    @Column(name = "infrastructure_document_id")
    public UUID infrastructureDocumentId;

    @Column(name = "parent_task_run_id")
    public UUID parentTaskRunId;

    @Column(name = "auto_scheduled", nullable = false)
    public boolean autoScheduled;

    @Column(name = "state_id")
    public UUID stateId;

    @Column(name = "work_queue_id")
    public UUID workQueueId;
}
