package grassroots.warehouse.query;

import grassroots.warehouse.Text;

/** A question the warehouse cannot answer as asked (the nation's peers, a level above the region …), said in both languages. */
public final class Unanswerable extends IllegalArgumentException {
    private final Text text;

    public Unanswerable(String zh, String en) {
        super(en);
        this.text = Text.of(zh, en);
    }

    public Text text() { return text; }
}
