package com.ctec.consumer.cli;

import com.ctec.consumer.internal.Printable;

import java.util.ArrayList;
import java.util.List;

/**
 * A plain-text table with aligned columns; numbers right-aligned, text left-aligned. Cells often
 * hold text from outside (ZooKeeper, queue names): control characters are shown escaped, so none
 * reaches the terminal and a newline cannot forge a row.
 */
final class Table {
    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();

    Table(String... headers) {
        this.headers = List.of(headers);
    }

    /** Adds a row; {@code null} cells print as "-". */
    Table row(Object... cells) {
        List<String> row = new ArrayList<>();
        for (Object cell : cells) {
            row.add(cell == null ? "-" : Printable.of(cell.toString()));
        }
        rows.add(row);
        return this;
    }

    String render() {
        int[] widths = new int[headers.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = headers.get(i).length();
            for (List<String> row : rows) {
                widths[i] = Math.max(widths[i], cell(row, i).length());
            }
        }
        StringBuilder text = new StringBuilder();
        line(text, headers, widths);
        for (List<String> row : rows) {
            line(text, row, widths);
        }
        return text.toString();
    }

    private static void line(StringBuilder text, List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < widths.length; i++) {
            String cell = cell(cells, i);
            String pad = " ".repeat(widths[i] - cell.length());
            line.append(isNumber(cell) ? pad + cell : cell + pad).append(i < widths.length - 1 ? "  " : "");
        }
        text.append(line.toString().stripTrailing()).append('\n');
    }

    private static String cell(List<String> row, int i) {
        return i < row.size() ? row.get(i) : "";
    }

    private static boolean isNumber(String cell) {
        return cell.matches("-?[0-9][0-9,.]*( ?(%|s|ms|msg/s|KB|MB|B))?");
    }
}
