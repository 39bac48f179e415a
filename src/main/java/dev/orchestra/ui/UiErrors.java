package dev.orchestra.ui;

import dev.orchestra.api.PrefectHttpException;
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

    static Uni<Response> page(PrefectHttpException e) {
        return Templates.error(e.status(), e.detail()).createUni()
                .map(html -> Response.status(e.status()).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                        .entity(html).build());
    }
}
