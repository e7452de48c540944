package grassroots.dashboard;

import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;

/** The dashboard's page, served only to a signed-in user (the gate sends others to the sign-in page). */
final class Pages {
    private Pages() {}

    static void dashboard(Context ctx) throws IOException {
        try (InputStream in = Pages.class.getResourceAsStream("/public/index.html")) {
            if (in == null) throw new IllegalStateException("index.html missing from the jar");
            ctx.contentType("text/html; charset=utf-8").result(in.readAllBytes());
        }
    }
}
