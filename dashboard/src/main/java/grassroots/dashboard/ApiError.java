package grassroots.dashboard;

import grassroots.warehouse.Text;

/** A request the API cannot answer, with the HTTP status and a message in both languages. */
public final class ApiError extends RuntimeException {
    private final int status;
    private final Text text;

    public ApiError(int status, Text text) {
        super(text.en());
        this.status = status;
        this.text = text;
    }

    public static ApiError badRequest(String zh, String en) {
        return new ApiError(400, Text.of(zh, en));
    }

    public static ApiError notFound(String zh, String en) {
        return new ApiError(404, Text.of(zh, en));
    }

    public static ApiError unauthorized() {
        return new ApiError(401, Text.of("请先登录", "please sign in first"));
    }

    public static ApiError forbidden(String zh, String en) {
        return new ApiError(403, Text.of(zh, en));
    }

    public static ApiError tooMany(String zh, String en) {
        return new ApiError(429, Text.of(zh, en));
    }

    public int status() { return status; }
    public Text text() { return text; }
}
