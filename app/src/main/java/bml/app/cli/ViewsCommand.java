package bml.app.cli;

import bml.data.DataSplits;
import bml.data.Datasets;
import bml.data.ImageSet;
import bml.data.RandomLabels;
import bml.augmentation.GridCell;
import bml.augmentation.ViewGrid;
import bml.augmentation.ViewRenderer;
import bml.config.BmlSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bml views}: draws a grid of augmented views, several per sample, with their random and true labels. */
@Command(name = "views", mixinStandardHelpOptions = true,
        description = "Write a PNG grid of augmented views exactly as the trainer receives them: each row is one "
                + "training sample, each column one of its views, captioned r=<random label> t=<true label>.")
final class ViewsCommand implements Callable<Integer> {
    @Mixin
    SettingsOptions settingsOptions;

    @Option(names = "--count", paramLabel = "N", defaultValue = "64", description = "Number of views (default 64).")
    int count;

    @Option(names = "--columns", paramLabel = "C", defaultValue = "8",
            description = "Views per sample, one per column (default 8).")
    int columns;

    @Option(names = "--scale", defaultValue = "3", description = "Pixel magnification (default 3).")
    int scale;

    @Option(names = "--out", paramLabel = "FILE.png", required = true, description = "PNG file to write.")
    Path out;

    @Override
    public Integer call() {
        if (count < 1 || columns < 1 || scale < 1 || scale > 16) {
            throw new BadInputException("--count and --columns must be >= 1 and --scale in 1..16, got --count "
                    + count + " --columns " + columns + " --scale " + scale, null);
        }
        BmlSettings settings = settingsOptions.load(List.of());
        DataSplits data = Datasets.forRun(settings);
        ImageSet train = data.train();
        int viewsPerSample = settings.augmentation().viewsPerSample();
        RandomLabels labels = RandomLabels.draw(train, settings.labels(), viewsPerSample, settings.labelsSeed());
        ViewRenderer renderer = new ViewRenderer(train, settings.augmentation(), settings.seed(), data.beyond());
        List<GridCell> cells = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int sample = (i / columns) % train.size();
            long view = viewsPerSample > 0 ? (i % columns) % viewsPerSample : i % columns;
            byte[] pixels = new byte[train.imageBytes()];
            renderer.render(sample, view, pixels, 0);
            String caption = "r" + labels.label(sample, (int) view) + " t" + train.labels()[sample];
            cells.add(new GridCell(pixels, train.channels(), train.height(), train.width(), caption));
        }
        try {
            ViewGrid.writePng(out, cells, columns, scale);
        } catch (IOException e) {
            throw new BadInputException("cannot write " + out + ": " + e.getMessage(), e);
        }
        System.out.printf("wrote %d views of %d samples (%s augmentation) to %s%n", count,
                Math.min(train.size(), (count + columns - 1) / columns), settings.augmentation().pipeline(), out);
        return 0;
    }
}
