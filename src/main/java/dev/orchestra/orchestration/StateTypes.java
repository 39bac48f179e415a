package dev.orchestra.orchestration;

import dev.orchestra.schemas.StateType;
import java.util.EnumSet;
import java.util.Set;

/**
 * A set of state types that may include "no state" (a run without a state yet, or a transition that writes
 * none): what a rule declares it governs, as Prefect's {@code FROM_STATES} / {@code TO_STATES}.
 */
public record StateTypes(Set<StateType> types, boolean includesNone) {

    public static final StateTypes ALL = new StateTypes(EnumSet.allOf(StateType.class), true);

    public static StateTypes of(StateType first, StateType... rest) {
        return new StateTypes(EnumSet.of(first, rest), false);
    }

    public static StateTypes terminal() {
        return new StateTypes(EnumSet.copyOf(StateType.TERMINAL), false);
    }

    public static StateTypes allBut(StateType... excluded) {
        EnumSet<StateType> set = EnumSet.allOf(StateType.class);
        for (StateType t : excluded) {
            set.remove(t);
        }
        return new StateTypes(set, false);
    }

    public StateTypes withNone() {
        return new StateTypes(types, true);
    }

    /** Whether the type ({@code null} for "no state") is in the set. */
    public boolean contains(StateType type) {
        return type == null ? includesNone : types.contains(type);
    }
}
