package com.ctec.bench.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Rows of text under headers; printed aligned on the console and as a Markdown table in the report. */
public final class Table {
    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();

    public Table(String... headers) {
        this.headers = List.of(headers);
    }

    public Table row(Object... cells) {
        List<String> row = new ArrayList<>();
        for (Object cell : cells) {
            row.add(String.valueOf(cell));
        }
        rows.add(row);
        return this;
    }

    public String toMarkdown() {
        StringBuilder out = new StringBuilder();
        out.append("| ").append(String.join(" | ", headers)).append(" |\n");
        out.append("|").append(String.join("|", Collections.nCopies(headers.size(), "---"))).append("|\n");
        for (List<String> row : rows) {
            out.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
        return out.toString();
    }

    public String toConsole() {
        int[] widths = new int[headers.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = headers.get(i).length();
            for (List<String> row : rows) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        StringBuilder out = new StringBuilder();
        line(out, headers, widths);
        for (List<String> row : rows) {
            line(out, row, widths);
        }
        return out.toString();
    }

    private static void line(StringBuilder out, List<String> cells, int[] widths) {
        out.append("  ");
        for (int i = 0; i < cells.size(); i++) {
            String cell = cells.get(i);
            // Text left, numbers right: easier to compare down a column.
            boolean numeric = !cell.isEmpty() && (Character.isDigit(cell.charAt(0)) || cell.startsWith("×") || cell.startsWith("-"));
            out.append(numeric ? " ".repeat(widths[i] - cell.length()) + cell : cell + " ".repeat(widths[i] - cell.length()));
            out.append(i + 1 < cells.size() ? "  " : "\n");
        }
    }
}
