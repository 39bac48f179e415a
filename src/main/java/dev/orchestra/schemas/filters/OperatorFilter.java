package dev.orchestra.schemas.filters;

/** A filter whose criteria are combined with a caller-chosen {@link Operator}, AND by default. */
public interface OperatorFilter extends PrefectFilter {

    Operator operator();
}
