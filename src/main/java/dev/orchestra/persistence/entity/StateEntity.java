package dev.orchestra.persistence.entity;

import dev.orchestra.persistence.convert.JsonColumns;
import dev.orchestra.schemas.StateType;
import jakarta.persistence.Column;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.MappedSuperclass;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.hibernate.annotations.ColumnTransformer;

/** The columns of {@code flow_run_state} and {@code task_run_state}. */
@MappedSuperclass
public abstract class StateEntity extends BaseEntity {

    @Enumerated(EnumType.STRING)
    @ColumnTransformer(write = "cast(cast(? as text) as state_type)")
    @Column(name = "type", nullable = false, columnDefinition = "state_type")
    public StateType type;

    @Column(name = "timestamp", nullable = false)
    public OffsetDateTime timestamp;

    @Column(name = "name", nullable = false)
    public String name;

    @Column(name = "message")
    public String message;

    @ColumnTransformer(read = "state_details::text", write = JsonColumns.WRITE)
    @Column(name = "state_details", nullable = false, columnDefinition = "jsonb")
    public String stateDetails = "{}";

    @ColumnTransformer(read = "data::text", write = "cast(cast(? as text) as json)")
    @Column(name = "data", columnDefinition = "json")
    public String data;

    @Column(name = "result_artifact_id")
    public UUID resultArtifactId;
}
