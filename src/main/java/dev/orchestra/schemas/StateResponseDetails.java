package dev.orchestra.schemas;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** The typed details of an {@link OrchestrationResult}; {@code type} tells them apart in JSON. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = StateResponseDetails.Accept.class, name = "accept_details"),
        @JsonSubTypes.Type(value = StateResponseDetails.Reject.class, name = "reject_details"),
        @JsonSubTypes.Type(value = StateResponseDetails.Abort.class, name = "abort_details"),
        @JsonSubTypes.Type(value = StateResponseDetails.Wait.class, name = "wait_details")
})
public sealed interface StateResponseDetails {

    Accept ACCEPT = new Accept();

    record Accept() implements StateResponseDetails {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Reject(String reason) implements StateResponseDetails {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Abort(String reason) implements StateResponseDetails {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Wait(int delaySeconds, String reason) implements StateResponseDetails {
    }
}
