package dev.orchestra.schemas.sorting;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import dev.orchestra.schemas.filters.StrictEnumDeserializer;

/**
 * Sort orders for flows; the JSON value is the constant's name. Each renders its ORDER BY expression with plain
 * ASC/DESC, so NULLs sort where PostgreSQL puts them by default (last for ASC, first for DESC), as in Prefect.
 */
@JsonDeserialize(using = FlowSort.Deserializer.class)
public enum FlowSort {
    CREATED_DESC("{a}.created DESC"),
    UPDATED_DESC("{a}.updated DESC"),
    NAME_ASC("{a}.name ASC"),
    NAME_DESC("{a}.name DESC");

    /** The route's default when the request names no sort. */
    public static final FlowSort DEFAULT = NAME_ASC;

    private final String template;

    FlowSort(String template) {
        this.template = template;
    }

    /** The ORDER BY expression over the table's own alias, {@code flow}. */
    public String orderBy() {
        return orderBy("flow");
    }

    /** The ORDER BY expression over {@code alias}, which must be a plain SQL identifier. */
    public String orderBy(String alias) {
        return template.replace("{a}", SortAliases.check(alias));
    }

    public static final class Deserializer extends StrictEnumDeserializer<FlowSort> {
        public Deserializer() {
            super(FlowSort.class, FlowSort::name);
        }
    }
}
