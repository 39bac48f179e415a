package dev.orchestra.schemas;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The body of {@code POST /concurrency_limits/} ({@code actions.ConcurrencyLimitCreate}). */
public record ConcurrencyLimitCreate(@JsonSetter(nulls = Nulls.FAIL) @JsonProperty(required = true) String tag,
        @JsonSetter(nulls = Nulls.FAIL) @JsonProperty(required = true) Integer concurrencyLimit) {

    public ConcurrencyLimitCreate {
        Limits.maxLength("tag", tag, Limits.TEXT);
    }
}
