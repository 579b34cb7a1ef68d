package bml.reproduce;

import bml.reproduce.ReportDocument.Block;
import bml.reproduce.ReportDocument.Bullets;
import bml.reproduce.ReportDocument.Code;
import bml.reproduce.ReportDocument.Figure;
import bml.reproduce.ReportDocument.Heading;
import bml.reproduce.ReportDocument.Item;
import bml.reproduce.ReportDocument.Paragraph;
import bml.reproduce.ReportDocument.Table;
import java.util.List;

/** Renders a {@link ReportDocument} as GitHub-flavoured Markdown; figures link the PNG files beside it. */
final class MarkdownRenderer {
    private MarkdownRenderer() {}

    static String render(ReportDocument document) {
        StringBuilder out = new StringBuilder();
        for (Block block : document.blocks()) {
            if (block instanceof Heading h) {
                out.append("#".repeat(h.level())).append(' ').append(h.text()).append("\n\n");
            } else if (block instanceof Paragraph p) {
                out.append(strong(p.strong())).append(p.text()).append("\n\n");
            } else if (block instanceof Bullets b) {
                b.items().forEach(item -> out.append("- ").append(item(item)).append('\n'));
                out.append('\n');
            } else if (block instanceof Table t) {
                table(out, t);
            } else if (block instanceof Figure f) {
                out.append("![").append(f.title()).append("](").append(f.file()).append(")\n\n")
                        .append('*').append(f.caption()).append("*\n\n");
            } else if (block instanceof Code c) {
                out.append("```\n").append(c.text().strip()).append("\n```\n\n");
            }
        }
        return out.toString();
    }

    private static String item(Item item) {
        String text = strong(item.strong()) + item.text();
        return item.href() == null ? text : text + "[" + item.linkText() + "](" + item.href() + ")";
    }

    private static String strong(String text) {
        return text == null || text.isEmpty() ? "" : "**" + text + "** ";
    }

    private static void table(StringBuilder out, Table table) {
        row(out, table.header());
        out.append('|');
        table.header().forEach(h -> out.append(" --- |"));
        out.append('\n');
        table.rows().forEach(row -> row(out, row));
        out.append('\n');
    }

    private static void row(StringBuilder out, List<String> cells) {
        out.append('|');
        cells.forEach(cell -> out.append(' ').append(cell.replace("|", "\\|").replace('\n', ' ')).append(" |"));
        out.append('\n');
    }
}
