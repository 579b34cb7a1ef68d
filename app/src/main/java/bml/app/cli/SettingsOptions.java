package bml.app.cli;

import bml.config.BmlSettings;
import bml.config.SettingsLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The options every subcommand shares to build its settings: a HOCON file and {@code --set} overrides. */
final class SettingsOptions {
    @Option(names = "--config", paramLabel = "FILE",
            description = "HOCON file with a bml { } block; its keys override reference.conf.")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Override one setting, relative to bml (e.g. --set training.steps=300). Repeatable; "
                    + "applied after --config.")
    List<String> overrides = new ArrayList<>();

    BmlSettings load(List<String> extraOverrides) {
        List<String> all = new ArrayList<>(overrides);
        all.addAll(extraOverrides);
        return SettingsLoader.load(Optional.ofNullable(config), all);
    }
}
