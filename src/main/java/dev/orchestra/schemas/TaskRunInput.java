package dev.orchestra.schemas;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.UUID;

/**
 * Where a task run input came from ({@code core.TaskRunResult}, {@code Parameter}, {@code Constant}),
 * told apart by {@code input_type}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.EXISTING_PROPERTY, property = "input_type",
        visible = true)
@JsonSubTypes({
        @JsonSubTypes.Type(value = TaskRunInput.TaskRunResult.class, name = "task_run"),
        @JsonSubTypes.Type(value = TaskRunInput.Parameter.class, name = "parameter"),
        @JsonSubTypes.Type(value = TaskRunInput.Constant.class, name = "constant")
})
@JsonInclude(JsonInclude.Include.ALWAYS)
public sealed interface TaskRunInput {

    String inputType();

    /** The result of another task run. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record TaskRunResult(String inputType, UUID id) implements TaskRunInput {
        public TaskRunResult {
            inputType = "task_run";
        }
    }

    /** A flow parameter. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Parameter(String inputType, String name) implements TaskRunInput {
        public Parameter {
            inputType = "parameter";
        }
    }

    /** A constant of the given type. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Constant(String inputType, String type) implements TaskRunInput {
        public Constant {
            inputType = "constant";
        }
    }
}
