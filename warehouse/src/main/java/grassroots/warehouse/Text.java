package grassroots.warehouse;

/** A piece of user-facing text in both languages the product speaks: Chinese first, English second. */
public record Text(String zh, String en) implements java.io.Serializable {
    public static Text of(String zh, String en) {
        return new Text(zh, en);
    }

    /** "zh / en", the form used in error messages read by both audiences. */
    public String bilingual() {
        return zh + " / " + en;
    }
}
