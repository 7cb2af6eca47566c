package com.ctec.bench.report;

import java.util.List;

/**
 * A hand-written SVG: one panel of horizontal bars per scenario (median, with a min-max whisker),
 * each panel on its own scale. No library: the file is small and diffs well.
 */
public final class SvgChart {
    private static final int WIDTH = 1060;
    private static final int LABEL_WIDTH = 540;
    private static final int BAR_AREA = 380;
    private static final int BAR_HEIGHT = 16;
    private static final int ROW = 22;
    /** One colour per family, so that ctec stands out in every panel. */
    private static final String CTEC = "#2b6cb0";
    private static final String RAW = "#718096";
    private static final String SPRING = "#2f855a";
    private static final String BESIDE = "#a0aec0";

    private SvgChart() {
    }

    public static String render(String title, List<Section> sections) {
        StringBuilder body = new StringBuilder();
        int y = 58;
        for (Section section : sections) {
            if (section.bars().isEmpty()) {
                continue;
            }
            y = panel(body, section, y);
        }
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + WIDTH + "\" height=\"" + (y + 10) + "\" "
                + "font-family=\"DejaVu Sans, Arial, sans-serif\" font-size=\"12\">\n"
                + "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
                + text(10, 24, escape(title), "font-size=\"16\" font-weight=\"bold\"")
                + text(10, 44, "blue: ctec-consumer · grey: raw amqp-client · green: Spring AMQP", "fill=\"#4a5568\"")
                + body + "</svg>\n";
    }

    private static int panel(StringBuilder out, Section section, int top) {
        out.append(text(10, top + 14, escape(section.title() + " — " + section.barUnit() + "; median, whisker = min–max"),
                "font-weight=\"bold\""));
        double scale = section.bars().stream().mapToDouble(b -> Double.isNaN(b.max()) ? b.median() : b.max()).max().orElse(1);
        int y = top + 24;
        for (Section.Bar bar : section.bars()) {
            double width = BAR_AREA * bar.median() / scale;
            out.append(text(LABEL_WIDTH - 6, y + 12, escape(bar.label()), "text-anchor=\"end\""));
            out.append(String.format("<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>%n",
                    LABEL_WIDTH, y, width, BAR_HEIGHT, colour(bar.label())));
            if (!Double.isNaN(bar.min()) && bar.max() > bar.min()) {
                double x1 = LABEL_WIDTH + BAR_AREA * bar.min() / scale;
                double x2 = LABEL_WIDTH + BAR_AREA * bar.max() / scale;
                int mid = y + BAR_HEIGHT / 2;
                out.append(String.format("<path d=\"M%.1f %d H%.1f M%.1f %d V%d M%.1f %d V%d\" stroke=\"black\" stroke-width=\"1.2\"/>%n",
                        x1, mid, x2, x1, mid - 4, mid + 4, x2, mid - 4, mid + 4));
            }
            double end = LABEL_WIDTH + BAR_AREA * (Double.isNaN(bar.max()) ? bar.median() : Math.max(bar.median(), bar.max()) ) / scale;
            out.append(text((int) end + 6, y + 12, format(bar.median()), ""));
            y += ROW;
        }
        return y + 18;
    }

    private static String colour(String label) {
        if (label.contains("raw amqp-client")) {
            return RAW;
        }
        if (label.contains("Spring")) {
            return SPRING;
        }
        return label.strip().startsWith("beside") ? BESIDE : CTEC;
    }

    private static String format(double value) {
        return value >= 100 ? String.format("%,.0f", value) : String.format("%.2f", value);
    }

    private static String text(int x, int y, String content, String attributes) {
        return "<text x=\"" + x + "\" y=\"" + y + "\" " + attributes + ">" + content + "</text>\n";
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
