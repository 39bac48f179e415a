package dev.orchestra.errors;

/**
 * The request is refused as a whole rather than for one value (an empty pool name, a graph larger than the
 * server returns): the cases Prefect answers 400.
 */
public final class Refused extends DomainError {

    public Refused(String message) {
        super(message);
    }
}
