package bml.app.http;

import bml.runfiles.AtomicFiles;
import bml.runfiles.RunDirectory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes {@code RUN_DIR/http.json} (where the API listens) and {@code RUN_DIR/token} (its bearer token, readable by
 * the owner only), so {@code bml} commands and scripts can find and use the API of a run.
 */
final class ServerFiles {
    static final String HTTP_JSON = RunDirectory.HTTP_JSON;
    static final String TOKEN = RunDirectory.TOKEN;
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private ServerFiles() {}

    static void writeAddress(Path runDir, String url, String host, int port) throws IOException {
        ObjectNode json = Responses.JSON.createObjectNode().put("url", url).put("host", host).put("port", port);
        AtomicFiles.write(runDir.resolve(HTTP_JSON), json.toPrettyString() + "\n");
    }

    /** The token file is created with owner-only permissions, so the secret is never readable by others. */
    static Path writeToken(Path runDir, BearerToken token) throws IOException {
        Path file = runDir.resolve(TOKEN);
        Path tmp = runDir.resolve(TOKEN + ".tmp");
        Files.deleteIfExists(tmp);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            FileAttribute<Set<PosixFilePermission>> ownerOnly = PosixFilePermissions.asFileAttribute(OWNER_ONLY);
            Files.createFile(tmp, ownerOnly);
            // The umask can only remove bits, but set them explicitly so the file never depends on it.
            Files.setPosixFilePermissions(tmp, OWNER_ONLY);
        } else {
            Files.createFile(tmp);
        }
        Files.writeString(tmp, token.value() + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return file;
    }
}
