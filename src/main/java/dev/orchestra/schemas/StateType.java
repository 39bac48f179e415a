package dev.orchestra.schemas;

import java.util.EnumSet;
import java.util.Set;

/** The type of a run state, as Prefect's {@code StateType}. */
public enum StateType {
    SCHEDULED,
    PENDING,
    RUNNING,
    COMPLETED,
    FAILED,
    CANCELLED,
    CRASHED,
    PAUSED,
    CANCELLING;

    public static final Set<StateType> TERMINAL = EnumSet.of(COMPLETED, CANCELLED, FAILED, CRASHED);

    public boolean isFinal() {
        return TERMINAL.contains(this);
    }

    /** The name a state gets when none is given: "SCHEDULED" becomes "Scheduled". */
    public String defaultName() {
        String n = name();
        return n.charAt(0) + n.substring(1).toLowerCase();
    }
}
