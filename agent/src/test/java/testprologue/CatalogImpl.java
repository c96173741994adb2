package testprologue;

/** The class a subtypeOf rule naming {@link Catalog} selects (see MissedClassesTest). */
public class CatalogImpl implements SharedCatalog {
    @Override
    public String get() {
        return "catalog";
    }
}
