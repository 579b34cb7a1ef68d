package bml.reproduce;

import java.util.ArrayList;
import java.util.List;

/**
 * A report as an ordered list of blocks, so that the Markdown and the HTML file are rendered from one content.
 *
 * <p>Inline text may hold {@code `code`} spans; both renderers keep them as code.
 */
final class ReportDocument {
    sealed interface Block {}

    record Heading(int level, String text) implements Block {}

    /** A paragraph; {@code strong}, when not empty, is set in bold before {@code text}. */
    record Paragraph(String strong, String text) implements Block {}

    record Bullets(List<Item> items) implements Block {
        Bullets {
            items = List.copyOf(items);
        }
    }

    /** A list item: bold lead, text, then an optional link (href relative to the report). */
    record Item(String strong, String text, String linkText, String href) {
        static Item of(String text) {
            return new Item("", text, null, null);
        }
    }

    record Table(List<String> header, List<List<String>> rows) implements Block {
        Table {
            header = List.copyOf(header);
            rows = rows.stream().map(List::copyOf).toList();
        }
    }

    /** A PNG written beside the report as {@code file} and embedded in the HTML. */
    record Figure(String file, String title, String caption, byte[] png) implements Block {}

    record Code(String text) implements Block {}

    private final List<Block> blocks = new ArrayList<>();

    ReportDocument add(Block block) {
        blocks.add(block);
        return this;
    }

    ReportDocument heading(int level, String text) {
        return add(new Heading(level, text));
    }

    ReportDocument paragraph(String text) {
        return add(new Paragraph("", text));
    }

    ReportDocument paragraph(String strong, String text) {
        return add(new Paragraph(strong, text));
    }

    List<Block> blocks() {
        return List.copyOf(blocks);
    }

    /** The document's title: its first heading. */
    String title() {
        return blocks.stream().filter(Heading.class::isInstance).map(b -> ((Heading) b).text()).findFirst()
                .orElse("bml reproduce");
    }
}
