package grassroots.dashboard.access;

import grassroots.dashboard.ApiError;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What every answer carries and every request must pass, signed in or not: the Host it names must be one of this
 * server's (a DNS-rebinding page cannot borrow the user's browser), a state change must come from this origin, and the
 * headers that keep pages from being framed, sniffed or injected into.
 */
public final class WebSecurity {
    /** No inline script anywhere; ECharts draws on canvas and sets styles through the CSSOM. */
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; "
            + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private final Set<String> hosts;
    private final boolean trustProxy;

    /**
     * @param bindHost   the address the server listens on
     * @param extraHosts names it is also reached by (e.g. behind a proxy: {@code --allowed-hosts stats.example.gov.cn})
     * @param trustProxy whether X-Forwarded-Proto/-For from a reverse proxy are believed
     */
    public WebSecurity(String bindHost, List<String> extraHosts, boolean trustProxy) {
        Set<String> h = new HashSet<>(List.of("localhost", "127.0.0.1", "[::1]", "::1"));
        h.add(bindHost.toLowerCase(Locale.ROOT));
        if (bindHost.equals("0.0.0.0") || bindHost.equals("::")) h.addAll(localAddresses());
        for (String e : extraHosts) if (!e.isBlank()) h.add(e.strip().toLowerCase(Locale.ROOT));
        this.hosts = Set.copyOf(h);
        this.trustProxy = trustProxy;
    }

    public void check(Context ctx) {
        ctx.header("Content-Security-Policy", CSP);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Referrer-Policy", "same-origin");
        ctx.header("Cross-Origin-Opener-Policy", "same-origin");
        if (ctx.path().startsWith("/api/")) ctx.header("Cache-Control", "no-store");
        if (overTls(ctx)) ctx.header("Strict-Transport-Security", "max-age=31536000");
        String host = hostName(ctx.header("Host"));
        if (host == null || !hosts.contains(host)) {
            throw new ApiError(421, grassroots.warehouse.Text.of("未知的主机名：" + ctx.header("Host") + "(用 serve --allowed-hosts 添加)",
                    "unknown host name: " + ctx.header("Host") + " (add it with serve --allowed-hosts)"));
        }
        String origin = ctx.header("Origin");
        if (origin != null && ctx.method() != HandlerType.GET && ctx.method() != HandlerType.HEAD && !sameOrigin(origin, ctx.header("Host"))) {
            throw ApiError.forbidden("跨站请求被拒绝：" + origin, "cross-origin request refused: " + origin);
        }
    }

    static boolean overTls(Context ctx) {
        return "https".equalsIgnoreCase(ctx.scheme()) || "https".equalsIgnoreCase(ctx.header("X-Forwarded-Proto"));
    }

    /** The client's address for the audit log and throttling (the proxy's X-Forwarded-For only when trusted). */
    public String client(Context ctx) {
        if (trustProxy) {
            String fwd = ctx.header("X-Forwarded-For");
            if (fwd != null && !fwd.isBlank()) return fwd.split(",")[0].strip();
        }
        return ctx.ip();
    }

    private static boolean sameOrigin(String origin, String host) {
        try {
            URI o = URI.create(origin);
            String authority = o.getPort() < 0 ? o.getHost() : o.getHost() + ":" + o.getPort();
            return host != null && authority.equalsIgnoreCase(host);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static String hostName(String hostHeader) {
        if (hostHeader == null || hostHeader.isBlank()) return null;
        String h = hostHeader.strip().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) return h.contains("]") ? h.substring(0, h.indexOf(']') + 1) : null;
        int colon = h.lastIndexOf(':');
        return colon >= 0 ? h.substring(0, colon) : h;
    }

    private static Set<String> localAddresses() {
        Set<String> out = new HashSet<>();
        try {
            out.add(InetAddress.getLocalHost().getHostName().toLowerCase(Locale.ROOT));
            for (NetworkInterface n : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress a : Collections.list(n.getInetAddresses())) {
                    String s = a.getHostAddress();
                    int pct = s.indexOf('%');
                    if (pct >= 0) s = s.substring(0, pct);
                    out.add(s.contains(":") ? "[" + s + "]" : s);
                }
            }
        } catch (SocketException | java.net.UnknownHostException e) {
            // only the loopback names then
        }
        return out;
    }
}
