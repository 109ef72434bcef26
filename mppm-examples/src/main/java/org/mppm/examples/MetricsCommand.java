package org.mppm.examples;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.GsonBuilder;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.mppm.core.image.ImageFiles;
import org.mppm.core.image.metrics.PixelErrors;
import org.mppm.core.image.metrics.Ssim;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mppm metrics --reference A.png --test B.png}: prints one JSON object
 * {@code {"ssim": .., "ssimUniform7": .., "psnr": .., "mse": ..}} comparing two images of the same
 * size. {@code ssim} uses Wang's Gaussian window (sigma 1.5, 11 x 11), {@code ssimUniform7}
 * scikit-image's default (uniform 7 x 7, sample covariance); PSNR in dB for data range 1, null when
 * the images are identical (MSE 0). Grey or RGB files, 8-bit values scaled to [0, 1]; when one image
 * is grey and the other colour, the grey one is compared as RGB with equal channels.
 */
@Command(name = "metrics", mixinStandardHelpOptions = true,
        description = "SSIM (Gaussian and uniform-7 windows), PSNR and MSE of a test image against a reference, as JSON.")
public final class MetricsCommand implements Callable<Integer>, OptionChecks.Validated {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--reference", required = true, description = "The clean reference image (PNG, JPEG).")
    Path reference;

    @Option(names = "--test", required = true, description = "The image to score against the reference.")
    Path test;

    @Override
    public void validate(OptionChecks check) {
        check.readableFile("--reference", reference).readableFile("--test", test);
    }

    @Override
    public Integer call() {
        try {
            spec.commandLine().getOut().println(new GsonBuilder().serializeNulls().create().toJson(compute()));
            spec.commandLine().getOut().flush();
            return 0;
        } catch (IOException | IllegalArgumentException e) {
            spec.commandLine().getErr().println("mppm metrics: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return 2;
        }
    }

    private Map<String, Object> compute() throws IOException {
        BufferedImage ref = ImageFiles.read(reference);
        BufferedImage tst = ImageFiles.read(test);
        if (ref.getWidth() != tst.getWidth() || ref.getHeight() != tst.getHeight()) {
            throw new IllegalArgumentException("image sizes differ: reference " + reference + " is " + ref.getWidth()
                    + "x" + ref.getHeight() + " but test " + test + " is " + tst.getWidth() + "x" + tst.getHeight()
                    + " (width x height)");
        }
        int channels = Math.max(ImageFiles.nativeChannels(ref), ImageFiles.nativeChannels(tst));
        Shape shape = new Shape(1, channels, ref.getHeight(), ref.getWidth());
        Map<String, Object> out = new LinkedHashMap<>();
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(ImageFiles.pixels(ref, channels), shape);
            NDArray y = m.create(ImageFiles.pixels(tst, channels), shape);
            double mse = PixelErrors.mse(x, y)[0];
            double psnr = PixelErrors.psnrOf(mse, 1.0);
            out.put("ssim", Ssim.gaussian().mean(x, y));
            out.put("ssimUniform7", Ssim.uniform7().mean(x, y));
            out.put("psnr", Double.isInfinite(psnr) ? null : psnr);
            out.put("mse", mse);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(reference + " vs " + test + ": " + e.getMessage(), e);
        }
        return out;
    }
}
