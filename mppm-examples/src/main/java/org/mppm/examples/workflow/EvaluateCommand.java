package org.mppm.examples.workflow;

import com.google.gson.GsonBuilder;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.mppm.core.image.ImageFiles;
import org.mppm.examples.OptionChecks;
import org.mppm.examples.ResultsWriter;
import org.mppm.models.data.MnistData;
import org.mppm.models.fid.FidClassifierConfig;
import org.mppm.models.fid.MnistClassifier;
import org.mppm.models.fid.RandomConvFeatures;
import org.mppm.models.images.FolderComparison;
import org.mppm.models.images.ImageInputs;
import org.mppm.pretrained.Pretrained;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mppm evaluate --reference DIR --restored DIR [--degraded DIR] [--out DIR]}: SSIM, PSNR and
 * FID of the restored (and degraded) images against the references, paired by name
 * ({@link FolderComparison}); JSON on standard output, {@code evaluate.json} and {@code evaluate.md}
 * in {@code --out}. FID features: for 28 x 28 grey images the MNIST classifier's (the shipped one,
 * {@link Pretrained#mnistFidClassifier()}, or the one in {@code --classifier}), otherwise a seeded random convolutional
 * network ({@link RandomConvFeatures}, a random-embedding FID: compare runs with each other only).
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "SSIM, PSNR and FID of restored (and degraded) images against references, paired by file name.")
public final class EvaluateCommand implements Callable<Integer>, OptionChecks.Validated {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--reference", required = true, description = "The clean images (file, IDX file or folder).")
    Path reference;
    @Option(names = "--restored", required = true, description = "The restored images, named as the references.")
    Path restored;
    @Option(names = "--degraded", description = "The degraded images, scored the same way for comparison.")
    Path degraded;
    @Option(names = "--out", description = "Also write evaluate.json and evaluate.md into this folder.")
    Path out;
    @Option(names = "--fid", defaultValue = "auto",
            description = "FID features: auto (mnist for 28x28 grey, else random), mnist, random, none (default: ${DEFAULT-VALUE}).")
    String fid;
    @Option(names = "--classifier", description = "A saved MNIST FID classifier to use instead of the shipped one;"
            + " if the file does not exist, one is trained with the defaults on the embedded digits and saved there"
            + " (default: the shipped classifier).")
    Path classifierFile;

    @Override
    public void validate(OptionChecks check) {
        for (Map.Entry<String, Path> e : Map.of("--reference", reference, "--restored", restored).entrySet()) {
            check.that(Files.exists(e.getValue()), e.getKey() + " must be an existing file or folder, got " + e.getValue());
        }
        check.that(degraded == null || Files.exists(degraded), "--degraded must be an existing file or folder, got " + degraded)
                .writableDirectory("--out", out)
                .that(fid.matches("auto|mnist|random|none"), "--fid must be auto, mnist, random or none, got '" + fid + "'");
    }

    @Override
    public Integer call() throws IOException {
        BufferedImage first = ImageInputs.list(restored).get(0).decode();
        boolean digits = first.getWidth() == 28 && first.getHeight() == 28 && ImageFiles.nativeChannels(first) == 1;
        String features = fid.equals("auto") ? (digits ? "mnist" : "random") : fid;
        Map<String, Object> results = new LinkedHashMap<>();
        try (MnistClassifier classifier = features.equals("mnist") ? classifier() : null;
                RandomConvFeatures random = features.equals("random") ? new RandomConvFeatures(ImageFiles.nativeChannels(first), 0)
                        : null) {
            FolderComparison comparison = FolderComparison.defaults();
            if (classifier != null) {
                comparison = comparison.withFeatures(classifier.features());
            } else if (random != null) {
                comparison = comparison.withFeatures(random);
            }
            results.put("restored", scores(comparison.compare(reference, restored)));
            if (degraded != null) {
                results.put("degraded", scores(comparison.compare(reference, degraded)));
            }
            results.put("fidFeatures", classifier != null ? classifier.name() : random != null ? random.name() : "none");
        }
        String json = new GsonBuilder().serializeNulls().setPrettyPrinting().create().toJson(results);
        spec.commandLine().getOut().println(json);
        spec.commandLine().getOut().flush();
        if (out != null) {
            ResultsWriter writer = new ResultsWriter(out);
            writer.json("evaluate.json", results);
            writer.text("evaluate.md", markdown(results));
        }
        return 0;
    }

    private MnistClassifier classifier() throws IOException {
        if (classifierFile == null) {
            return Pretrained.mnistFidClassifier();
        }
        return MnistClassifier.loadOrTrain(classifierFile, MnistData.embedded().train(), FidClassifierConfig.defaults());
    }

    private static Map<String, Object> scores(FolderComparison.Result r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pairs", r.pairs().size());
        m.put("ssim", finite(r.ssim()));
        m.put("psnr", finite(r.psnr()));
        m.put("fid", r.fid().isPresent() ? finite(r.fid().getAsDouble()) : null);
        m.put("missing", r.missing());
        m.put("unreadable", r.failures().stream().map(Object::toString).toList());
        return m;
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    @SuppressWarnings("unchecked")
    private static String markdown(Map<String, Object> results) {
        StringBuilder md = new StringBuilder("| images | pairs | SSIM | PSNR (dB) | FID |\n| --- | ---: | ---: | ---: | ---: |\n");
        for (String key : new String[] {"degraded", "restored"}) {
            Map<String, Object> s = (Map<String, Object>) results.get(key);
            if (s != null) {
                md.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %s |%n", key, (Integer) s.get("pairs"),
                        format(s.get("ssim"), "%.4f"), format(s.get("psnr"), "%.2f"), format(s.get("fid"), "%.2f")));
            }
        }
        return md.append("\nFID features: ").append(results.get("fidFeatures")).append('\n').toString();
    }

    private static String format(Object v, String pattern) {
        return v == null ? "n/a" : String.format(Locale.ROOT, pattern, (Double) v);
    }
}
