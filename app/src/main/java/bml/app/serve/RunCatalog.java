package bml.app.serve;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The runs a runs page lists: each a run directory with an id that is unique within the catalog.
 *
 * <p>Why an interface: {@code bml serve} discovers runs under a directory ({@link DirectoryCatalog}), while a sweep
 * coordinator knows its runs already; both hand them to the same {@link LabRoutes}.
 */
public interface RunCatalog {
    /** One run: {@code id} is shown on the page and used in URLs; {@code directory} holds its files. */
    record Run(String id, Path directory) {}

    /** What the page's title says the listing is. */
    String title();

    /** The runs, in the order the page lists them before the user sorts. */
    List<Run> runs() throws IOException;
}
