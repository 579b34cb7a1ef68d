package bml.config;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a run writes beside its own files for other tools ({@code bml.export}).
 *
 * @param tensorboard write TensorBoard event files to {@code RUN_DIR/tensorboard} as the run goes, one file per
 *                    process of the run (a resume adds one); fixed for a run
 */
public record ExportSettings(boolean tensorboard) {
    /** Nothing written for other tools. */
    public static final ExportSettings NONE = new ExportSettings(false);

    static ExportSettings read(SettingsReader r) {
        return new ExportSettings(r.flag("tensorboard"));
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tensorboard", tensorboard);
        return m;
    }
}
