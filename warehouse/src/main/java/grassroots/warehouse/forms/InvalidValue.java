package grassroots.warehouse.forms;

import grassroots.warehouse.Text;

/** A cell that cannot be read as its field's type or breaks the field's own range. */
public final class InvalidValue extends Exception {
    private final String ruleId;
    private final Text text;

    public InvalidValue(String ruleId, Text text) {
        super(text.bilingual(), null, false, false);
        this.ruleId = ruleId;
        this.text = text;
    }

    public String ruleId() { return ruleId; }
    public Text text() { return text; }
}
