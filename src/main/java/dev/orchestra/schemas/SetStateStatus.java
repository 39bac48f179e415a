package dev.orchestra.schemas;

/** The outcome of an orchestrated state transition. */
public enum SetStateStatus {
    ACCEPT,
    REJECT,
    ABORT,
    WAIT
}
