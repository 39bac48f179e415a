package dev.orchestra.service.background;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The pass of a maintenance service: read a page of due items after the last id seen, act on each in turn (one
 * transaction each), and go on until a page comes back short. Reading after the last id means an item that could
 * not be changed is never read again in the same pass, so a pass always ends.
 */
final class Batches {

    private Batches() {
    }

    /**
     * Acts on every item {@code page} yields; answers how many actions changed something.
     *
     * @param size the page size {@code page} is asked for
     * @param page reads the page after an id ({@code null}: the first page)
     * @param id the id of an item, the cursor of the next page
     * @param act changes one item; answers whether it did
     */
    static <T> Uni<Integer> count(int size, Function<UUID, Uni<List<T>>> page, Function<T, UUID> id,
            Function<T, Uni<Boolean>> act) {
        return sum(size, page, id, item -> act.apply(item).map(changed -> changed ? 1 : 0));
    }

    /** As {@link #count}, for actions that answer how many things they changed; answers the sum. */
    static <T> Uni<Integer> sum(int size, Function<UUID, Uni<List<T>>> page, Function<T, UUID> id,
            Function<T, Uni<Integer>> act) {
        return from(size, page, id, act, null, 0);
    }

    private static <T> Uni<Integer> from(int size, Function<UUID, Uni<List<T>>> page, Function<T, UUID> id,
            Function<T, Uni<Integer>> act, UUID after, int changed) {
        return page.apply(after).chain(items -> {
            if (items.isEmpty()) {
                return Uni.createFrom().item(changed);
            }
            return Multi.createFrom().iterable(items).onItem().<Integer>transformToUniAndConcatenate(act::apply)
                    .collect().with(Collectors.summingInt(Integer::intValue))
                    .chain(n -> items.size() < size ? Uni.createFrom().item(changed + n)
                            : from(size, page, id, act, id.apply(items.get(items.size() - 1)), changed + n));
        });
    }
}
