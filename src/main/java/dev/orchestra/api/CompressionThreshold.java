package dev.orchestra.api;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * gzip only responses of at least 500 bytes, like Starlette's GZipMiddleware behind Prefect: Quarkus
 * compresses every JSON response, so smaller ones are marked {@code identity} just before their headers go
 * out (headers-end handlers run in reverse order of registration, so this one, registered first, runs last).
 */
@Singleton
public class CompressionThreshold {

    static final int MINIMUM_SIZE = 500;

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(rc -> {
            rc.addHeadersEndHandler(v -> {
                HttpServerResponse response = rc.response();
                String length = response.headers().get(HttpHeaders.CONTENT_LENGTH);
                if (length != null && !response.headers().contains(HttpHeaders.CONTENT_ENCODING)
                        && parse(length) < MINIMUM_SIZE) {
                    response.putHeader(HttpHeaders.CONTENT_ENCODING, HttpHeaders.IDENTITY);
                }
            });
            rc.next();
        });
    }

    private static long parse(String length) {
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }
}
