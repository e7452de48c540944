package grassroots.warehouse.catalog;

/** A catalog file that cannot be used, named with its fault. */
public final class CatalogError extends RuntimeException {
    public CatalogError(String file, String fault) {
        super("catalog file " + file + ": " + fault);
    }

    public CatalogError(String file, String fault, Throwable cause) {
        super("catalog file " + file + ": " + fault, cause);
    }
}
