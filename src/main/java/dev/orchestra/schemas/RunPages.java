package dev.orchestra.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Prefect 3's {@code POST /flow_runs/paginate} and {@code POST /task_runs/paginate} answers ({@code results},
 * {@code count}, {@code limit}, {@code pages}, {@code page}), with {@code next_cursor}: an opaque cursor that asks
 * for the next page by the last row's sort key and id rather than by its number.
 */
public final class RunPages {

    private static final ObjectMapper CURSOR_JSON = new ObjectMapper();

    private RunPages() {
    }

    public record FlowRunPaginationResponse(List<FlowRunResponse> results, long count, int limit, long pages,
            long page, String nextCursor) {
    }

    public record TaskRunPaginationResponse(List<TaskRun> results, long count, int limit, long pages, long page,
            String nextCursor) {
    }

    /** What a cursor holds: the sort it was made for, the last row's key (as text, null for NULL) and id, and the page it opens. */
    public record Cursor(String sort, String key, UUID id, long page) {

        public String encode() {
            ObjectNode node = CURSOR_JSON.createObjectNode().put("v", 1).put("sort", sort).put("key", key)
                    .put("id", id.toString()).put("page", page);
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(node.toString().getBytes(StandardCharsets.UTF_8));
        }

        /** The cursor a client sent back; a 422 for anything this server did not make. */
        public static Cursor decode(String text) {
            try {
                JsonNode node = CURSOR_JSON.readTree(Base64.getUrlDecoder().decode(text));
                if (node == null || node.path("v").asInt() != 1 || !node.path("sort").isTextual()
                        || !node.path("id").isTextual() || !node.path("page").canConvertToLong()
                        || node.path("page").asLong() < 1 || !(node.path("key").isTextual()
                                || node.path("key").isNull())) {
                    throw invalid(text);
                }
                return new Cursor(node.get("sort").asText(), node.get("key").isNull() ? null : node.get("key").asText(),
                        UUID.fromString(node.get("id").asText()), node.get("page").asLong());
            } catch (IllegalArgumentException | java.io.IOException e) {
                throw invalid(text);
            }
        }

        private static ValidationException invalid(String text) {
            return new ValidationException(List.of(new ValidationException.Error(List.of("body", "cursor"),
                    "invalid cursor: not one this server made", "value_error.cursor", Map.of("given", text))));
        }
    }

    /** Prefect's {@code page} (at least 1). */
    public static long page(Long page) {
        long value = page == null ? 1 : page;
        if (value < 1) {
            throw new ValidationException(List.of(new ValidationException.Error(List.of("body", "page"),
                    "ensure this value is greater than or equal to 1", "value_error.number.not_ge",
                    Map.of("limit_value", 1))));
        }
        return value;
    }

    /** How many pages of {@code limit} hold {@code count} rows (0 when the limit is 0), as Prefect computes it. */
    public static long pages(long count, int limit) {
        return limit > 0 ? (count + limit - 1) / limit : 0;
    }
}
