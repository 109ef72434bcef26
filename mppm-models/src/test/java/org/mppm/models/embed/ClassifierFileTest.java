package org.mppm.models.embed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mppm.models.data.MnistData;
import org.mppm.models.fid.MnistClassifier;

/** The FID classifier's single-file save: never replaces a file that is not ours; an edited configuration is detected. */
class ClassifierFileTest {

    @Test
    void refusesForeignFilesAndDetectsEdits(@TempDir Path dir) throws IOException {
        Path notes = dir.resolve("notes.txt");
        Files.writeString(notes, "my own notes");
        Path folder = Files.createDirectories(dir.resolve("folder"));
        Path classifierFile = dir.resolve("classifier.bin");
        try (MnistClassifier c = MnistClassifier.builder().epochs(1).batchSize(64).seed(3)
                .fit(MnistData.embedded().train().head(128))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.save(notes));
            assertTrue(e.getMessage().contains(notes.toString()) && e.getMessage().contains("not an mppm FID classifier"),
                    e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> c.save(folder));
            c.save(classifierFile);
            c.save(classifierFile); // its own file may be replaced
        }
        assertArrayEquals("my own notes".getBytes(StandardCharsets.UTF_8), Files.readAllBytes(notes));
        try (MnistClassifier loaded = MnistClassifier.load(classifierFile)) {
            assertTrue(loaded.config().epochs() == 1);
        }
        byte[] bytes = Files.readAllBytes(classifierFile);
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int at = text.indexOf("\"embeddingSize\":");
        assertTrue(at > 0, "the configuration is stored as JSON");
        bytes[at + "\"embeddingSize\":".length()] ^= 1; // one digit of the embedding size changes
        Files.write(classifierFile, bytes);
        IOException edited = assertThrows(IOException.class, () -> MnistClassifier.load(classifierFile));
        assertTrue(edited.getMessage().contains("checksum"), edited.getMessage());
    }
}
