package dev.orchestra.schemas.filters;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import java.util.List;
import java.util.UUID;

/** Filter by {@code deployment.id}. */
public record DeploymentFilterId(
        @JsonProperty("any_") @JsonSetter(contentNulls = Nulls.FAIL) List<UUID> any) implements PrefectFilter {

    public DeploymentFilterId {
        any = any == null ? null : List.copyOf(any);
    }

    /** No criteria: matches everything. */
    public static DeploymentFilterId empty() {
        return new DeploymentFilterId(null);
    }
}
