package dev.orchestra.ui;

import dev.orchestra.errors.Conflict;
import dev.orchestra.errors.DomainError;
import dev.orchestra.errors.Forbidden;
import dev.orchestra.errors.NotFound;
import dev.orchestra.errors.Refused;
import dev.orchestra.errors.Retryable;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** A page's errors as a page (a 404 for a run that does not exist), not the API's JSON body. */
final class UiErrors {

    @CheckedTemplate(basePath = "ui")
    static class Templates {
        static native TemplateInstance error(int status, String message);
    }

    private UiErrors() {
    }

    /** The page for a domain error, with the status the API answers for it (see {@code api.ErrorMappers}). */
    static Uni<Response> page(DomainError e) {
        int status = e instanceof NotFound ? 404 : e instanceof Retryable ? 503 : e instanceof Conflict ? 409
                : e instanceof Forbidden ? 403 : e instanceof Refused ? 400 : 422;
        return Templates.error(status, e.getMessage()).createUni()
                .map(html -> Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                        .entity(html).build());
    }
}
