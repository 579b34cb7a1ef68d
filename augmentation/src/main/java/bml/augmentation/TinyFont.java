package bml.augmentation;

/**
 * A built-in 3x5 pixel font for grid captions, so drawing needs no system fonts (headless machines often have
 * none) and the PNG bytes are the same on every machine.
 *
 * <p>Each glyph is five digits, one per row from the top, each digit three bits (4 = left, 2 = middle,
 * 1 = right). Letters are drawn upper-case; characters without a glyph are drawn as {@code ?}.
 */
final class TinyFont {
    static final int WIDTH = 3;
    static final int HEIGHT = 5;
    static final int ADVANCE = WIDTH + 1;

    private static final String CHARS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ .,:;-_=+/\\()[]#%!?'\"<>*|^~";
    private static final String[] GLYPHS = {
        "75557", "26227", "71747", "71317", "55711", "74717", "74757", "71111", "75757", "75717",
        "25755", "65656", "34443", "65556", "74647", "74644", "34553", "55755", "72227", "11152",
        "55655", "44447", "57755", "65555", "25552", "65644", "25563", "65655", "34216", "72222",
        "55557", "55552", "55775", "55255", "55222", "71247",
        "00000", "00002", "00024", "02020", "02024", "00700", "00007", "07070", "02720", "11244",
        "44211", "24442", "42224", "64446", "62226", "57575", "51245", "22202", "71202", "22000",
        "55000", "12421", "42124", "05250", "22222", "25000", "03600"};

    private TinyFont() {}

    /** Whether pixel (x, y) of the glyph for {@code ch} is set, for x in [0, 3) and y in [0, 5). */
    static boolean pixel(char ch, int x, int y) {
        int index = CHARS.indexOf(Character.toUpperCase(ch));
        String glyph = GLYPHS[index < 0 ? CHARS.indexOf('?') : index];
        int row = glyph.charAt(y) - '0';
        return (row & (4 >> x)) != 0;
    }
}
