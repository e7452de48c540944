package grassroots.warehouse.catalog;

import grassroots.warehouse.Text;

/** A five-year plan period (十二五 2011–2015 …), drawn as a band on trend charts. */
public record PlanPeriod(String id, Text name, int from, int to) {
}
