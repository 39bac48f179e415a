package dev.orchestra.schemas;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A flow run's graph of task runs and subflow runs ({@code GET /flow_runs/{id}/graph-v2}). */
public record Graph(OffsetDateTime startTime, OffsetDateTime endTime, List<UUID> rootNodeIds, List<Entry> nodes) {

    /** A link to another node. */
    @Schema(name = "GraphEdge")
    public record Edge(UUID id) {
    }

    /** A task run or subflow run. {@code kind} is {@code task-run} or {@code flow-run}. */
    @Schema(name = "GraphNode")
    public record Node(String kind, UUID id, String label, StateType stateType, OffsetDateTime startTime,
            OffsetDateTime endTime, List<Edge> parents, List<Edge> children) {
    }

    /** A node keyed by its id, written as the two-element array {@code [id, node]}. */
    @Schema(name = "GraphNodeEntry", type = SchemaType.ARRAY, implementation = Entry.Member.class, minItems = 2,
            maxItems = 2, description = "A node as the two-element list [its id, the node].")
    @JsonFormat(shape = JsonFormat.Shape.ARRAY)
    @JsonPropertyOrder({"id", "node"})
    public record Entry(UUID id, Node node) {

        /** For the document only: what the list holds, the id then the node. */
        @Schema(name = "GraphNodeEntryMember", oneOf = {UUID.class, Node.class})
        public interface Member {
        }
    }
}
