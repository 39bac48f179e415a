package dev.orchestra.schemas.filters;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import java.util.List;

/** Filter by {@code deployment.work_queue_name}. */
public record DeploymentFilterWorkQueueName(
        @JsonProperty("any_") @JsonSetter(contentNulls = Nulls.FAIL) List<String> any) implements PrefectFilter {

    public DeploymentFilterWorkQueueName {
        any = any == null ? null : List.copyOf(any);
    }

    /** No criteria: matches everything. */
    public static DeploymentFilterWorkQueueName empty() {
        return new DeploymentFilterWorkQueueName(null);
    }
}
