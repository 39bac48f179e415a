package dev.orchestra.api;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.Locale;

/**
 * gzip only responses of at least 500 bytes, like Starlette's GZipMiddleware behind Prefect: Quarkus
 * compresses every JSON response, so smaller ones are marked {@code identity} just before their headers go
 * out (headers-end handlers run in reverse order of registration, so this one, registered first, runs last).
 * A response that will be compressed says {@code Vary: Accept-Encoding}, as the middleware's do.
 */
@Singleton
public class CompressionThreshold {

    static final int MINIMUM_SIZE = 500;

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(rc -> {
            rc.addHeadersEndHandler(v -> {
                HttpServerResponse response = rc.response();
                if (response.headers().contains(HttpHeaders.CONTENT_ENCODING)) {
                    return;
                }
                String length = response.headers().get(HttpHeaders.CONTENT_LENGTH);
                if (length != null && parse(length) < MINIMUM_SIZE) {
                    response.putHeader(HttpHeaders.CONTENT_ENCODING, HttpHeaders.IDENTITY);
                } else if (acceptsCompression(rc.request().getHeader(HttpHeaders.ACCEPT_ENCODING))) {
                    response.headers().add(HttpHeaders.VARY, "Accept-Encoding");
                }
            });
            rc.next();
        });
    }

    /** What Netty's compressor, which runs after this, answers with an encoding for. */
    private static boolean acceptsCompression(String acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        String accepted = acceptEncoding.toLowerCase(Locale.ROOT);
        return accepted.contains("gzip") || accepted.contains("deflate");
    }

    private static long parse(String length) {
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }
}
