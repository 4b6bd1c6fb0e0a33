package splot.viz;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * Small pictures in a grid: the layout of the filter, feature-map, top-patch and misclassified pictures.
 * A picture is a title over one or more sections; a section is an optional heading over tiles of one size,
 * {@code columns} to a row, each with an optional caption below and an optional label left of each row.
 *
 * <p>Sizes, in pixels (the tests rely on them): a section is
 * {@code labelWidth + columns * tileW + (columns - 1) * GAP} wide and
 * {@code headingHeight + columnLabelHeight + rows * (tileH + captionHeight) + (rows - 1) * GAP} high; the picture adds
 * {@link Draw#MARGIN} on each side, the title's and subtitle's heights on top and {@link #SECTION_GAP} between
 * sections, and is at least as wide as its title and subtitle.
 */
final class TileGrid {
    static final int GAP = 4, SECTION_GAP = 18, LABEL_PAD = 8;

    /** One small picture and its caption (null or empty for none). */
    record Tile(BufferedImage image, String caption) {
    }

    /** Tiles drawn at tileW x tileH, {@code columns} per row; the row labels (left) and column labels (above) may be empty. */
    record Section(String heading, List<Tile> tiles, int columns, int tileW, int tileH, List<String> rowLabels, List<String> columnLabels) {
        Section(String heading, List<Tile> tiles, int columns, int tileW, int tileH, List<String> rowLabels) {
            this(heading, tiles, columns, tileW, tileH, rowLabels, List.of());
        }

        Section {
            tiles = List.copyOf(tiles);
            rowLabels = List.copyOf(rowLabels);
            columnLabels = List.copyOf(columnLabels);
            if (columns <= 0 || tileW <= 0 || tileH <= 0) {
                throw new IllegalArgumentException("A grid needs positive columns and tile size, got " + columns + " columns of " + tileW + "x" + tileH);
            }
        }

        int rows() {
            return Math.max(1, Math.ceilDiv(tiles.size(), columns));
        }

        int headingHeight() {
            return heading == null || heading.isEmpty() ? 0 : Draw.lineHeight(Draw.HEADING) + 6;
        }

        int columnLabelHeight() {
            return columnLabels.isEmpty() ? 0 : Draw.lineHeight(Draw.SMALL) + 2;
        }

        /** Room under each tile for the longest caption; a caption may have several lines ({@code \n}). */
        int captionHeight() {
            int lines = 0;
            for (Tile t : tiles) if (t.caption() != null && !t.caption().isEmpty()) lines = Math.max(lines, t.caption().split("\n").length);
            return lines == 0 ? 0 : lines * Draw.lineHeight(Draw.SMALL) + 2;
        }

        int labelWidth() {
            int w = 0;
            for (String s : rowLabels) w = Math.max(w, Draw.textWidth(s, Draw.LABEL));
            return w == 0 ? 0 : w + LABEL_PAD;
        }

        int width() {
            int grid = labelWidth() + columns * tileW + (columns - 1) * GAP;
            return Math.max(grid, heading == null ? 0 : Draw.textWidth(heading, Draw.HEADING));
        }

        int height() {
            int rows = rows();
            return headingHeight() + columnLabelHeight() + rows * (tileH + captionHeight()) + (rows - 1) * GAP;
        }
    }

    private TileGrid() {
    }

    static int titleHeight(String title) {
        return title == null || title.isEmpty() ? 0 : Draw.lineHeight(Draw.TITLE) + 10;
    }

    static int subtitleHeight(String subtitle) {
        return subtitle == null || subtitle.isEmpty() ? 0 : Draw.lineHeight(Draw.LABEL) + 8;
    }

    /** The picture: title, then the sections one below the other. */
    static BufferedImage render(String title, List<Section> sections) {
        return render(title, null, sections);
    }

    /** The picture: title, a line of explanation in small type, then the sections one below the other. */
    static BufferedImage render(String title, String subtitle, List<Section> sections) {
        int width = Math.max(title == null ? 0 : Draw.textWidth(title, Draw.TITLE), subtitle == null ? 0 : Draw.textWidth(subtitle, Draw.LABEL));
        int height = titleHeight(title) + subtitleHeight(subtitle);
        for (int i = 0; i < sections.size(); i++) {
            width = Math.max(width, sections.get(i).width());
            height += sections.get(i).height() + (i > 0 ? SECTION_GAP : 0);
        }
        BufferedImage out = Draw.canvas(width + 2 * Draw.MARGIN, height + 2 * Draw.MARGIN);
        Graphics2D g = Draw.graphics(out);
        try {
            if (title != null && !title.isEmpty()) Draw.text(g, title, Draw.TITLE, Draw.INK, Draw.MARGIN, Draw.MARGIN);
            if (subtitle != null && !subtitle.isEmpty()) {
                Draw.text(g, subtitle, Draw.LABEL, Draw.MUTED, Draw.MARGIN, Draw.MARGIN + titleHeight(title) - 4);
            }
            int y = Draw.MARGIN + titleHeight(title) + subtitleHeight(subtitle);
            for (Section s : sections) {
                draw(g, s, Draw.MARGIN, y);
                y += s.height() + SECTION_GAP;
            }
        } finally {
            g.dispose();
        }
        return out;
    }

    private static void draw(Graphics2D g, Section s, int x0, int y0) {
        if (s.headingHeight() > 0) Draw.text(g, s.heading(), Draw.HEADING, Draw.INK, x0, y0);
        int left = x0 + s.labelWidth(), cap = s.captionHeight();
        for (int c = 0; c < s.columnLabels().size() && c < s.columns(); c++) {
            String label = Draw.fit(s.columnLabels().get(c), Draw.SMALL, s.tileW() + GAP);
            Draw.textCentered(g, label, Draw.SMALL, Draw.MUTED, left + c * (s.tileW() + GAP) + s.tileW() / 2, y0 + s.headingHeight());
        }
        int top = y0 + s.headingHeight() + s.columnLabelHeight();
        int labelAscent = Draw.metrics(Draw.LABEL).getAscent();
        for (int r = 0; r < s.rows() && r < s.rowLabels().size(); r++) {
            int y = top + r * (s.tileH() + cap + GAP) + (s.tileH() - labelAscent) / 2;
            Draw.text(g, s.rowLabels().get(r), Draw.LABEL, Draw.MUTED, x0, y);
        }
        for (int i = 0; i < s.tiles().size(); i++) {
            int x = left + (i % s.columns()) * (s.tileW() + GAP);
            int y = top + (i / s.columns()) * (s.tileH() + cap + GAP);
            Tile t = s.tiles().get(i);
            if (t.image() != null) {
                g.drawImage(t.image(), x, y, s.tileW(), s.tileH(), null);
            } else {
                g.setColor(Draw.EMPTY_TILE);
                g.fillRect(x, y, s.tileW(), s.tileH());
            }
            g.setColor(Draw.FRAME);
            g.drawRect(x - 1, y - 1, s.tileW() + 1, s.tileH() + 1);
            if (t.caption() != null && !t.caption().isEmpty()) {
                String[] lines = t.caption().split("\n");
                for (int k = 0; k < lines.length; k++) {
                    String c = Draw.fit(lines[k], Draw.SMALL, s.tileW() + GAP);
                    Draw.textCentered(g, c, Draw.SMALL, Draw.MUTED, x + s.tileW() / 2, y + s.tileH() + 2 + k * Draw.lineHeight(Draw.SMALL));
                }
            }
        }
    }
}
