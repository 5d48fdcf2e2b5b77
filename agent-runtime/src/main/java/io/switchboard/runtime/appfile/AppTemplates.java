package io.switchboard.runtime.appfile;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The built-in templates: app files under {@code templates/} next to this class, read once. */
final class AppTemplates {
    private static final String DIRECTORY = "templates/";

    private final List<AppFile> templates;

    private AppTemplates(List<AppFile> templates) {
        this.templates = List.copyOf(templates);
    }

    static AppTemplates builtIn() {
        List<AppFile> loaded = new ArrayList<>();
        for (String key : resource("index.txt").lines().map(String::strip).toList()) {
            if (key.isEmpty() || key.startsWith("#")) {
                continue;
            }
            AppFile file;
            try {
                file = AppFileFormat.read(AppFileFormat.tree(resource(key + ".yaml")));
            } catch (InvalidAppFileException e) {
                throw new IllegalStateException("built-in template " + key + " is invalid: " + e.getMessage());
            }
            if (file.template() == null || !file.template().key().equals(key)) {
                throw new IllegalStateException("built-in template " + key + " must declare template.key " + key);
            }
            loaded.add(file);
        }
        return new AppTemplates(loaded);
    }

    List<AppFile> list() {
        return templates;
    }

    Optional<AppFile> find(String key) {
        return templates.stream().filter(t -> t.template().key().equals(key)).findFirst();
    }

    private static String resource(String name) {
        try (InputStream in = AppTemplates.class.getResourceAsStream(DIRECTORY + name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + DIRECTORY + name + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
