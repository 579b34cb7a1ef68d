package bml.reproduce;

import bml.reproduce.ReportDocument.Block;
import bml.reproduce.ReportDocument.Bullets;
import bml.reproduce.ReportDocument.Code;
import bml.reproduce.ReportDocument.Figure;
import bml.reproduce.ReportDocument.Heading;
import bml.reproduce.ReportDocument.Item;
import bml.reproduce.ReportDocument.Paragraph;
import bml.reproduce.ReportDocument.Table;
import java.util.Base64;
import java.util.List;

/**
 * Renders a {@link ReportDocument} as one self-contained HTML file: no scripts, inline CSS, and every figure
 * embedded as a base64 {@code data:image/png} URI.
 */
final class HtmlRenderer {
    private static final String STYLE = "body{font-family:sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;"
            + "color:#222}table{border-collapse:collapse;font-size:0.85em;margin:1em 0}th,td{border:1px solid #bbb;"
            + "padding:3px 6px;text-align:left}th{background:#eee}code,pre{background:#f4f4f4}pre{padding:0.6em;"
            + "overflow-x:auto;font-size:0.8em}img{max-width:100%;border:1px solid #ddd}figcaption{font-style:italic;"
            + "font-size:0.9em}";

    private HtmlRenderer() {}

    static String render(ReportDocument document) {
        StringBuilder out = new StringBuilder();
        out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(escape(document.title())).append("</title>\n<style>").append(STYLE)
                .append("</style>\n</head>\n<body>\n");
        for (Block block : document.blocks()) {
            if (block instanceof Heading h) {
                out.append("<h").append(h.level()).append('>').append(inline(h.text()))
                        .append("</h").append(h.level()).append(">\n");
            } else if (block instanceof Paragraph p) {
                out.append("<p>").append(strong(p.strong())).append(inline(p.text()))
                        .append("</p>\n");
            } else if (block instanceof Bullets b) {
                out.append("<ul>\n");
                b.items().forEach(item -> out.append("<li>").append(item(item)).append("</li>\n"));
                out.append("</ul>\n");
            } else if (block instanceof Table t) {
                table(out, t);
            } else if (block instanceof Figure f) {
                out.append("<figure>\n<img alt=\"").append(escape(f.title()))
                        .append("\" src=\"data:image/png;base64,").append(Base64.getEncoder().encodeToString(f.png()))
                        .append("\">\n<figcaption>").append(inline(f.caption())).append(" (")
                        .append(escape(f.file())).append(")</figcaption>\n</figure>\n");
            } else if (block instanceof Code c) {
                out.append("<pre>").append(escape(c.text().strip())).append("</pre>\n");
            }
        }
        return out.append("</body>\n</html>\n").toString();
    }

    private static String item(Item item) {
        String text = strong(item.strong()) + inline(item.text());
        return item.href() == null ? text
                : text + "<a href=\"" + escape(item.href()) + "\">" + escape(item.linkText()) + "</a>";
    }

    private static String strong(String text) {
        return text == null || text.isEmpty() ? "" : "<strong>" + inline(text) + "</strong> ";
    }

    private static void table(StringBuilder out, Table table) {
        out.append("<table>\n<tr>");
        table.header().forEach(h -> out.append("<th>").append(inline(h)).append("</th>"));
        out.append("</tr>\n");
        for (List<String> row : table.rows()) {
            out.append("<tr>");
            row.forEach(cell -> out.append("<td>").append(inline(cell)).append("</td>"));
            out.append("</tr>\n");
        }
        out.append("</table>\n");
    }

    /** Escaped text with {@code `code`} spans and {@code **bold**} kept. */
    static String inline(String text) {
        return escape(text).replaceAll("`([^`]+)`", "<code>$1</code>").replaceAll("\\*\\*([^*]+)\\*\\*",
                "<strong>$1</strong>");
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
