package dev.orchestra.service;

import dev.orchestra.persistence.Rows.Keyed;
import dev.orchestra.persistence.query.Keyset;
import dev.orchestra.schemas.RunPages;
import dev.orchestra.schemas.RunPages.Cursor;
import dev.orchestra.schemas.ValidationException;
import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The paginate routes of flow runs and task runs: the count (from the run counts when the filters allow) and
 * the page, asked at once; the page by number (OFFSET) or, given a cursor, right after the cursor's row (an index
 * range, as cheap at page 10,000 as at page 1). Every answer carries the cursor of the next page.
 */
final class RunPaging {

    /** One page, before the rows become responses. */
    record Page<R>(List<R> rows, long count, int limit, long pages, long page, String nextCursor) {
    }

    /** Reads a page: filters are bound by the caller. */
    interface PageQuery<R> {
        Uni<List<Keyed<R>>> read(Keyset.Key key, Keyset.After after, int limit, long offset);
    }

    private RunPaging() {
    }

    /**
     * @param sort the requested sort's name, or null (then the cursor's, or {@code defaultSort})
     * @param cursorText the cursor sent back, or null (then {@code page} counts)
     */
    static <R> Uni<Page<R>> paginate(String sort, String defaultSort, Predicate<String> knownSort, int limit,
            Long page, String cursorText, Uni<Long> count, PageQuery<R> query, Function<R, UUID> id) {
        Cursor cursor = cursorText == null ? null : Cursor.decode(cursorText);
        String sortName = sort != null ? sort : cursor != null ? cursor.sort() : defaultSort;
        if (cursor != null && (!cursor.sort().equals(sortName) || !knownSort.test(sortName))) {
            throw new ValidationException(List.of(new ValidationException.Error(List.of("body", "cursor"),
                    "the cursor was made for sort " + cursor.sort() + ", not " + sortName, "value_error.cursor",
                    Map.of("cursor_sort", cursor.sort()))));
        }
        Keyset.Key key = Keyset.key(sortName);
        long pageNumber = cursor != null ? cursor.page() : RunPages.page(page);
        long offset = cursor != null ? 0 : Math.multiplyHigh(pageNumber - 1, limit) != 0 ? Long.MAX_VALUE
                : (pageNumber - 1) * limit;
        Keyset.After after = cursor == null ? null : new Keyset.After(cursor.key(), cursor.id());
        return Uni.combine().all().unis(count, query.read(key, after, limit, offset)).asTuple().map(both -> {
            long total = both.getItem1();
            List<Keyed<R>> rows = both.getItem2();
            long pages = RunPages.pages(total, limit);
            String next = null;
            if (limit > 0 && rows.size() == limit && pageNumber < pages) {
                Keyed<R> last = rows.get(rows.size() - 1);
                next = new Cursor(sortName, last.key(), id.apply(last.row()), pageNumber + 1).encode();
            }
            return new Page<>(rows.stream().map(Keyed::row).toList(), total, limit, pages, pageNumber, next);
        });
    }
}
