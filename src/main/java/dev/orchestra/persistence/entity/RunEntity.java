package dev.orchestra.persistence.entity;

import dev.orchestra.schemas.StateType;
import jakarta.persistence.Column;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.MappedSuperclass;
import java.time.OffsetDateTime;
import org.hibernate.annotations.ColumnTransformer;

/**
 * The columns flow runs and task runs share (Prefect's {@code ORMRun}). {@code total_run_time} is an
 * INTERVAL in the database and seconds here.
 */
@MappedSuperclass
public abstract class RunEntity extends BaseEntity {

    @Column(name = "name", nullable = false)
    public String name;

    @Enumerated(EnumType.STRING)
    @ColumnTransformer(write = "cast(cast(? as text) as state_type)")
    @Column(name = "state_type", columnDefinition = "state_type")
    public StateType stateType;

    @Column(name = "state_name")
    public String stateName;

    @Column(name = "state_timestamp")
    public OffsetDateTime stateTimestamp;

    @Column(name = "run_count", nullable = false)
    public int runCount;

    @Column(name = "expected_start_time")
    public OffsetDateTime expectedStartTime;

    @Column(name = "next_scheduled_start_time")
    public OffsetDateTime nextScheduledStartTime;

    @Column(name = "start_time")
    public OffsetDateTime startTime;

    @Column(name = "end_time")
    public OffsetDateTime endTime;

    @ColumnTransformer(read = "cast(extract(epoch from total_run_time) as float8)",
            write = "make_interval(secs => cast(? as float8))")
    @Column(name = "total_run_time", nullable = false, columnDefinition = "interval")
    public double totalRunTime;
}
