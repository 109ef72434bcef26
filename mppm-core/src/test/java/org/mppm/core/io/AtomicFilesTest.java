package org.mppm.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @TempDir
    Path dir;

    @Test
    void writtenFilesHaveTheModeOfAnOrdinaryNewFileNotOwnerOnly() throws IOException {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        Path plain = Files.writeString(dir.resolve("plain.txt"), "x"); // what the umask gives a new file
        Path atomic = dir.resolve("sub/atomic.txt");
        AtomicFiles.writeString(atomic, "hello");
        assertEquals("hello", Files.readString(atomic));
        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(atomic);
        assertEquals(PosixFilePermissions.toString(Files.getPosixFilePermissions(plain)), PosixFilePermissions.toString(mode));
        assertTrue(mode.contains(PosixFilePermission.GROUP_READ) || !Files.getPosixFilePermissions(plain)
                .contains(PosixFilePermission.GROUP_READ), "group cannot read: " + PosixFilePermissions.toString(mode));
    }

    @Test
    void replacesAnOwnerOnlyFileAndLeavesNoTemporaryFile() throws IOException {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        Path plain = Files.writeString(dir.resolve("plain.txt"), "x");
        Path target = dir.resolve("table.md");
        Files.writeString(target, "old");
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-------"));
        AtomicFiles.writeString(target, "new");
        assertEquals("new", Files.readString(target));
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(target));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(Set.of(plain, target), Set.copyOf(files.toList()));
        }
    }

    @Test
    void aFailedWriteKeepsTheOldContentAndRemovesTheTemporaryFile() throws IOException {
        Path target = Files.writeString(dir.resolve("results.json"), "old");
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(target, out -> {
            out.write(1);
            throw new IOException("disk full");
        }));
        assertTrue(e.getMessage().contains("results.json") && e.getMessage().contains("disk full"), e.getMessage());
        assertEquals("old", Files.readString(target));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(target), files.toList());
        }
        assertFalse(Files.exists(dir.resolve(".results.json.tmp")));
    }
}
