package bml.data;

/**
 * Which pixels belong to each of the ten shapes of {@link ShapesDataset}, as a test on the offset from the centre.
 *
 * <p>Kept apart from the generator so the geometry can be read (and changed) in one place.
 */
final class ShapeMask {
    static final int COUNT = 10;
    private static final double SQRT_HALF = Math.sqrt(0.5);

    private ShapeMask() {}

    /**
     * Whether offset (dx, dy) from the centre lies inside shape {@code shape} of size {@code r} (radius or half-side)
     * and stroke width {@code s}.
     */
    static boolean covers(int shape, double dx, double dy, double r, double s) {
        double ax = Math.abs(dx);
        double ay = Math.abs(dy);
        double half = s / 2;
        switch (shape) {
            case 0: // filled disc
                return dx * dx + dy * dy <= r * r;
            case 1: { // ring
                double d2 = dx * dx + dy * dy;
                return d2 <= r * r && d2 >= (r - s) * (r - s);
            }
            case 2: // filled square
                return Math.max(ax, ay) <= 0.85 * r;
            case 3: { // outlined square
                double m = Math.max(ax, ay);
                return m <= 0.85 * r && m >= 0.85 * r - s;
            }
            case 4: // filled triangle, apex up, base at the bottom
                return dy >= -r && dy <= 0.8 * r && ax <= (dy + r) / 1.8;
            case 5: // plus
                return (ax <= half && ay <= r) || (ay <= half && ax <= r);
            case 6: { // X: a plus rotated by 45 degrees
                double u = Math.abs((dx + dy) * SQRT_HALF);
                double v = Math.abs((dx - dy) * SQRT_HALF);
                return (u <= half && v <= r) || (v <= half && u <= r);
            }
            case 7: // filled diamond
                return ax + ay <= r;
            case 8: // horizontal stripes in a square patch
                return Math.max(ax, ay) <= 0.85 * r && ((int) Math.floor((dy + r) / s)) % 2 == 0;
            case 9: // vertical stripes in a square patch
                return Math.max(ax, ay) <= 0.85 * r && ((int) Math.floor((dx + r) / s)) % 2 == 0;
            default:
                throw new IllegalArgumentException("shape: expected 0.." + (COUNT - 1) + ", got " + shape);
        }
    }
}
