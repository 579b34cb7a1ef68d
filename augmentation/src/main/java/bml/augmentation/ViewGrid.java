package bml.augmentation;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Draws a grid of images with a caption under each into a PNG, to look at what the view stream shows the network.
 *
 * <p>Cells are upscaled by an integer factor with nearest-neighbour sampling and captioned with a built-in pixel
 * font ({@link TinyFont}), writing straight into the raster: no AWT fonts or graphics context, so it works on
 * headless machines, and the same cells always give the same PNG bytes (ImageIO writes no timestamp).
 */
public final class ViewGrid {
    private static final int GAP = 2;
    private static final int BACKGROUND = 0x181818;
    private static final int INK = 0xE6E6E6;
    private static final long MAX_PIXELS = 1L << 26;

    private ViewGrid() {}

    /**
     * Writes {@code cells}, {@code columns} per row, each upscaled {@code scale} times, as a PNG at {@code out}
     * (creating its parent directories).
     */
    public static void writePng(Path out, List<GridCell> cells, int columns, int scale) throws IOException {
        BufferedImage image = draw(cells, columns, scale);
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (OutputStream stream = Files.newOutputStream(out)) {
            if (!ImageIO.write(image, "png", stream)) {
                throw new IOException(out + ": no PNG writer available");
            }
        }
    }

    /** Draws the grid into an RGB image. */
    static BufferedImage draw(List<GridCell> cells, int columns, int scale) {
        if (cells.isEmpty() || columns <= 0 || scale <= 0) {
            throw new IllegalArgumentException("view grid: expected cells, columns > 0 and scale > 0, got "
                    + cells.size() + " cells, columns " + columns + ", scale " + scale);
        }
        int cellWidth = 0;
        int cellHeight = 0;
        for (GridCell cell : cells) {
            cellWidth = Math.max(cellWidth, cell.width() * scale);
            cellHeight = Math.max(cellHeight, cell.height() * scale);
        }
        int glyph = scale >= 4 ? 2 : 1;
        int captionHeight = (TinyFont.HEIGHT + 2) * glyph;
        int rows = (cells.size() + columns - 1) / columns;
        int usedColumns = Math.min(columns, cells.size());
        long width = (long) usedColumns * (cellWidth + GAP) + GAP;
        long height = (long) rows * (cellHeight + captionHeight + GAP) + GAP;
        if (width * height > MAX_PIXELS) {
            throw new IllegalArgumentException("view grid: " + width + "x" + height + " pixels is too large");
        }
        BufferedImage image = new BufferedImage((int) width, (int) height, BufferedImage.TYPE_INT_RGB);
        int[] raster = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        Arrays.fill(raster, BACKGROUND);
        for (int i = 0; i < cells.size(); i++) {
            int x0 = GAP + (i % columns) * (cellWidth + GAP);
            int y0 = GAP + (i / columns) * (cellHeight + captionHeight + GAP);
            drawCell(raster, (int) width, cells.get(i), x0, y0, scale);
            drawCaption(raster, (int) width, cells.get(i).caption(), x0, y0 + cellHeight + glyph, cellWidth, glyph);
        }
        return image;
    }

    private static void drawCell(int[] raster, int stride, GridCell cell, int x0, int y0, int scale) {
        int plane = cell.height() * cell.width();
        byte[] px = cell.chw();
        for (int y = 0; y < cell.height() * scale; y++) {
            int row = (y0 + y) * stride + x0;
            int src = (y / scale) * cell.width();
            for (int x = 0; x < cell.width() * scale; x++) {
                int p = src + x / scale;
                int r = px[p] & 0xFF;
                int g = cell.channels() == 3 ? px[plane + p] & 0xFF : r;
                int b = cell.channels() == 3 ? px[2 * plane + p] & 0xFF : r;
                raster[row + x] = (r << 16) | (g << 8) | b;
            }
        }
    }

    private static void drawCaption(int[] raster, int stride, String text, int x0, int y0, int maxWidth, int glyph) {
        int fit = Math.min(text.length(), (maxWidth + glyph) / (TinyFont.ADVANCE * glyph));
        for (int c = 0; c < fit; c++) {
            int left = x0 + c * TinyFont.ADVANCE * glyph;
            for (int y = 0; y < TinyFont.HEIGHT * glyph; y++) {
                for (int x = 0; x < TinyFont.WIDTH * glyph; x++) {
                    if (TinyFont.pixel(text.charAt(c), x / glyph, y / glyph)) {
                        raster[(y0 + y) * stride + left + x] = INK;
                    }
                }
            }
        }
    }
}
