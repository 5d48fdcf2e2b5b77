package io.switchboard.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;

/**
 * The data directory holds the master key, the JWT secret and the H2 database: only this user may enter
 * it (0700), its files are 0600. A no-op on file systems without POSIX permissions.
 */
final class DataDirectory {
    private DataDirectory() {}

    static void restrict(Path dir) {
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                if (Files.isSymbolicLink(path)) {
                    continue;
                }
                Files.setPosixFilePermissions(
                        path, PosixFilePermissions.fromString(Files.isDirectory(path) ? "rwx------" : "rw-------"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot restrict the permissions of " + dir.toAbsolutePath(), e);
        }
    }
}
