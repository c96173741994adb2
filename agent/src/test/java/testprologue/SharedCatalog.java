package testprologue;

/** An interface below {@link Catalog}: subtypeOf never selects an interface (see MissedClassesTest). */
public interface SharedCatalog extends Catalog {
}
