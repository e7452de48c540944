package grassroots.dashboard;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import grassroots.warehouse.query.LiveWarehouse;
import grassroots.warehouse.query.Warehouse;
import io.javalin.http.Context;
import io.javalin.http.Handler;

import java.io.IOException;
import java.io.InputStream;

/**
 * The JSON answers of the analysis endpoints, kept by snapshot and request: a snapshot never changes, so an answer
 * is right for as long as its snapshot is served, and a new snapshot's requests simply miss. Dashboards ask the same
 * questions again and again (every visitor of a page, every back and forth between years), so most answers are served
 * without a query. Bounded by bytes; the least recently used answers go first. Downloads (CSV, Excel) are not kept.
 */
final class ResponseCache {
    /** The default bound, in MiB (the serving database and the JVM need the rest of the server's memory). */
    static final int DEFAULT_MB = 64;

    private final Cache<String, byte[]> answers;

    ResponseCache(int megabytes) {
        answers = megabytes <= 0 ? null : Caffeine.newBuilder()
                .maximumWeight((long) megabytes << 20)
                .weigher((String key, byte[] body) -> 2 * key.length() + body.length)
                .build();
    }

    /** A handler that answers from the cache when it can, and otherwise runs {@code handler} and keeps its answer. */
    Handler around(LiveWarehouse live, Server.WarehouseHandler handler) {
        return ctx -> {
            try (LiveWarehouse.Lease lease = live.acquire()) {
                Warehouse w = lease.warehouse();
                if (answers == null || !wantsJson(ctx)) {
                    handler.handle(ctx, w);
                    return;
                }
                // what a viewer may see depends on their scope: answers are kept per scope
                var viewer = grassroots.dashboard.access.Viewer.orNull(ctx);
                String key = w.snapshot().id() + " " + (viewer == null ? "-" : viewer.visibilityKey()) + " " + ctx.path() + "?" + (ctx.queryString() == null ? "" : ctx.queryString());
                byte[] kept = answers.getIfPresent(key);
                if (kept != null) {
                    ctx.contentType("application/json").result(kept);
                    return;
                }
                handler.handle(ctx, w);
                keep(ctx, key);
            }
        };
    }

    private void keep(Context ctx, String key) throws IOException {
        String type = ctx.res().getContentType();
        if (ctx.statusCode() != 200 || type == null || !type.startsWith("application/json")) return;
        InputStream result = ctx.resultInputStream();
        if (result == null) return;
        byte[] body = result.readAllBytes();
        ctx.result(body);
        answers.put(key, body);
    }

    private static boolean wantsJson(Context ctx) {
        String format = ctx.queryParam("format");
        return format == null || format.isBlank() || format.equalsIgnoreCase("json");
    }

}
