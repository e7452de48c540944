package grassroots.dashboard;

import grassroots.warehouse.Text;
import grassroots.warehouse.query.Boundaries;
import grassroots.warehouse.regions.Level;
import io.javalin.config.ValidationConfig;
import io.javalin.http.Context;
import io.javalin.validation.ValidationError;
import io.javalin.validation.ValidationException;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Query parameters read with Javalin's validators ({@code ctx.queryParamAsClass(…).check(…)}). A parameter that is
 * missing or fails a check ends the request with 400 and a message in both languages: a check carries its Chinese
 * text beside the English one ({@link #error}), and {@link #text} turns Javalin's errors into the API's.
 */
public final class QueryParams {
    private QueryParams() {}

    /** Values are stripped, and a blank one counts as absent (as a form that sends {@code year=} means). */
    static void register(ValidationConfig validation) {
        validation.register(String.class, s -> s.isBlank() ? null : s.strip());
        validation.register(Integer.class, s -> s.isBlank() ? null : Integer.valueOf(s.strip()));
        validation.register(Long.class, s -> s.isBlank() ? null : Long.valueOf(s.strip()));
    }

    // Javalin runs a check on an absent value too (then with null): every check here lets null through, and
    // get() or getOrDefault() decides what absence means.

    /** A failed check, in both languages; {@code quoting}: the value given is appended ("…：x", "…, not x"). */
    public static ValidationError<Object> error(String zh, String en, boolean quoting) {
        return new ValidationError<>(en, Map.of("zh", zh, "quoting", quoting));
    }

    /** The API's answer to a failed validation: the first error, in both languages. */
    static Text text(ValidationException e) {
        Map.Entry<String, List<ValidationError<Object>>> first = e.getErrors().entrySet().iterator().next();
        String name = first.getKey();
        ValidationError<Object> error = first.getValue().get(0);
        Object value = error.value;
        return switch (error.getMessage()) {
            case "NULLCHECK_FAILED" -> Text.of("缺少参数 " + name, "missing parameter " + name);
            case "TYPE_CONVERSION_FAILED" -> Text.of("参数 " + name + " 应为整数：" + value,
                    "parameter " + name + " must be a whole number, not " + value);
            default -> Boolean.TRUE.equals(error.getArgs().get("quoting"))
                    ? Text.of(error.getArgs().get("zh") + "：" + value, error.getMessage() + ", not " + value)
                    : Text.of(String.valueOf(error.getArgs().get("zh")), error.getMessage());
        };
    }

    /** A required parameter. */
    public static String required(Context ctx, String name) {
        return ctx.queryParamAsClass(name, String.class).get();
    }

    /** A required whole number, or {@code fallback} when absent (null: required). */
    static int integer(Context ctx, String name, Integer fallback) {
        var v = ctx.queryParamAsClass(name, Integer.class);
        return fallback == null ? v.get() : v.getOrDefault(fallback);
    }

    /** An optional whole number, or null. */
    static Integer optionalInteger(Context ctx, String name) {
        return ctx.queryParamAsClass(name, Integer.class).getOrNull();
    }

    /** {@code level}: one of the levels indicators are rolled up to; required. */
    static Level level(Context ctx) {
        return Level.ofId(levelValidator(ctx).get());
    }

    /** {@code level} if given, else null. */
    static Level optionalLevel(Context ctx) {
        String id = levelValidator(ctx).getOrNull();
        return id == null ? null : Level.ofId(id);
    }

    private static io.javalin.validation.Validator<String> levelValidator(Context ctx) {
        return ctx.queryParamAsClass("level", String.class).check(
                id -> id == null || Level.AGGREGATE_LEVELS.stream().anyMatch(l -> l.id().equals(id)),
                error("level 应为 nation、province、prefecture、county 或 township",
                        "level must be nation, province, prefecture, county or township", true));
    }

    /** {@code boundaries=current} (default: today's regions) or {@code reported} (the codes as reported that year). */
    static Boundaries boundaries(Context ctx) {
        String id = ctx.queryParamAsClass("boundaries", String.class).check(
                b -> b == null || Arrays.stream(Boundaries.values()).anyMatch(x -> x.id().equals(b)),
                error("boundaries 应为 current(今天的区划) 或 reported(当年上报的代码)",
                        "boundaries must be current (today's regions) or reported (codes as reported that year)", true))
                .getOrDefault(Boundaries.CURRENT.id());
        return Boundaries.ofId(id);
    }

    /** {@code format}: json (default), csv or xlsx. */
    public static Tables.Format format(Context ctx) {
        String f = ctx.queryParamAsClass("format", String.class).check(
                s -> s == null || List.of("json", "csv", "xlsx").contains(s.toLowerCase(Locale.ROOT)),
                error("format 应为 json、csv 或 xlsx", "format must be json, csv or xlsx", true)).getOrNull();
        return Tables.Format.of(f);
    }
}
