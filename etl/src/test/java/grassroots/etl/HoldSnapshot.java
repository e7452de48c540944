package grassroots.etl;

import grassroots.warehouse.catalog.Catalog;
import grassroots.warehouse.query.LiveWarehouse;
import grassroots.warehouse.store.WarehouseDir;

import java.nio.file.Path;

/**
 * A server's hold on a warehouse, as a process of its own: opens the current snapshot as the dashboard does, says which,
 * and keeps it open until its standard input closes. Started by {@link RetentionTest}.
 */
public final class HoldSnapshot {
    public static void main(String[] args) throws Exception {
        try (LiveWarehouse live = new LiveWarehouse(new WarehouseDir(Path.of(args[0])), Catalog.standard())) {
            try (LiveWarehouse.Lease lease = live.acquire()) {
                System.out.println("holding " + lease.warehouse().snapshot().id());
                System.out.flush();
            }
            while (System.in.read() >= 0) {
                // held until the test closes our input
            }
        }
    }
}
