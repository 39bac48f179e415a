package dev.orchestra.schemas.sorting;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import dev.orchestra.schemas.filters.StrictEnumDeserializer;

/**
 * Sort orders for flow runs; the JSON value is the constant's name. Each renders its ORDER BY expression with plain
 * ASC/DESC, so NULLs sort where PostgreSQL puts them by default (last for ASC, first for DESC), as in Prefect.
 */
@JsonDeserialize(using = FlowRunSort.Deserializer.class)
public enum FlowRunSort {
    ID_DESC("{a}.id DESC"),
    START_TIME_ASC("COALESCE({a}.start_time, {a}.expected_start_time) ASC"),
    START_TIME_DESC("COALESCE({a}.start_time, {a}.expected_start_time) DESC"),
    EXPECTED_START_TIME_ASC("{a}.expected_start_time ASC"),
    EXPECTED_START_TIME_DESC("{a}.expected_start_time DESC"),
    NAME_ASC("{a}.name ASC"),
    NAME_DESC("{a}.name DESC"),
    NEXT_SCHEDULED_START_TIME_ASC("{a}.next_scheduled_start_time ASC"),
    END_TIME_DESC("{a}.end_time DESC");

    /** The route's default when the request names no sort. */
    public static final FlowRunSort DEFAULT = ID_DESC;

    private final String template;

    FlowRunSort(String template) {
        this.template = template;
    }

    /** The ORDER BY expression over the table's own alias, {@code flow_run}. */
    public String orderBy() {
        return orderBy("flow_run");
    }

    /** The ORDER BY expression over {@code alias}, which must be a plain SQL identifier. */
    public String orderBy(String alias) {
        return template.replace("{a}", SortAliases.check(alias));
    }

    public static final class Deserializer extends StrictEnumDeserializer<FlowRunSort> {
        public Deserializer() {
            super(FlowRunSort.class, FlowRunSort::name);
        }
    }
}
