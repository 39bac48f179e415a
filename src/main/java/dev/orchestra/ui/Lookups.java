package dev.orchestra.ui;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestra.persistence.query.EntityFilters;
import dev.orchestra.schemas.FlowRunResponse;
import dev.orchestra.schemas.filters.FlowFilter;
import dev.orchestra.schemas.sorting.FlowSort;
import dev.orchestra.service.FlowService;
import dev.orchestra.ui.Views.RunRow;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** What the pages share: filters written as the API's filter JSON, and the names of the flows of a list. */
@ApplicationScoped
public class Lookups {

    private final FlowService flows;
    private final ObjectMapper mapper;

    public Lookups(FlowService flows, ObjectMapper mapper) {
        this.flows = flows;
        this.mapper = mapper;
    }

    /** The API's filter of the given type with one criterion, {@code {"<field>": {"any_": [values]}}}. */
    <T> T anyOf(Class<T> type, String field, Collection<?> values) {
        ObjectNode f = mapper.createObjectNode();
        f.putObject(field).set("any_", mapper.valueToTree(values));
        return mapper.convertValue(f, type);
    }

    /** The names of the given flows (one query for all of them); a deleted flow has none. */
    Uni<Map<UUID, String>> flowNames(Collection<UUID> ids) {
        Set<UUID> distinct = new LinkedHashSet<>(ids);
        if (distinct.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return flows.filter(EntityFilters.NONE.withFlows(anyOf(FlowFilter.class, "id", distinct)), FlowSort.NAME_ASC,
                distinct.size(), 0).map(found -> {
                    Map<UUID, String> names = new HashMap<>();
                    found.forEach(f -> names.put(f.id(), f.name()));
                    return names;
                });
    }

    /** Runs as table rows, with the names of their flows. */
    Uni<List<RunRow>> runRows(List<FlowRunResponse> runs) {
        return flowNames(runs.stream().map(FlowRunResponse::flowId).toList())
                .map(names -> runs.stream().map(r -> RunRow.of(r, names)).toList());
    }
}
