package org.mppm.models.edm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mppm.core.KarrasSchedule;
import org.mppm.samplers.edm.EdmSampler;
import org.mppm.samplers.edm.MadStep;

/** The TorchScript fixtures made by src/test/resources/torchscript/make_fixtures.py with PyTorch. */
class TorchScriptDenoiserTest {

    private static Path fixture(String name) throws URISyntaxException {
        return Path.of(TorchScriptDenoiserTest.class.getResource("/torchscript/" + name).toURI());
    }

    @Test
    void preconditionedNetworkMatchesPyTorch() throws Exception {
        JsonObject expected = JsonParser.parseString(Files.readString(fixture("edm-mlp-expected.json"))).getAsJsonObject();
        JsonArray shape = expected.getAsJsonArray("shape");
        float[] xs = floats(expected.getAsJsonArray("x"));
        try (NDManager manager = NDManager.newBaseManager();
                TorchScriptDenoiser d = TorchScriptDenoiser.load(fixture("edm-mlp.pt"),
                        TorchScriptDenoiser.Convention.EDM_PRECONDITIONED, expected.get("sigmaData").getAsDouble())) {
            NDArray x = manager.create(xs, new Shape(shape.get(0).getAsLong(), shape.get(1).getAsLong()));
            double worst = 0;
            for (JsonElement c : expected.getAsJsonArray("cases")) {
                double sigma = c.getAsJsonObject().get("sigma").getAsDouble();
                float[] want = floats(c.getAsJsonObject().getAsJsonArray("denoised"));
                float[] got = d.denoise(x, sigma).toFloatArray();
                for (int i = 0; i < want.length; i++) {
                    worst = Math.max(worst, Math.abs(want[i] - got[i]));
                }
            }
            System.out.printf("TorchScript EDM MLP vs PyTorch: max |difference| %.3g%n", worst);
            assertTrue(worst < 1e-5, "max difference " + worst);
        }
    }

    @Test
    void denoiserConventionAndMadRunOnAnExportedExactDenoiser() throws Exception {
        try (NDManager manager = NDManager.newBaseManager();
                TorchScriptDenoiser d = TorchScriptDenoiser.load(fixture("gaussian-denoiser.pt"),
                        TorchScriptDenoiser.Convention.DENOISER, 0.5)) {
            NDArray x = manager.create(new double[] {1, -2, 0.5, 3}, new Shape(2, 2));
            NDArray out = d.denoise(x, 0.5);
            assertEquals(DataType.FLOAT64, out.getDataType(), "the caller's type comes back");
            double[] got = out.toDoubleArray();
            assertEquals(0.5, got[0], 1e-6);
            assertEquals(-1, got[1], 1e-6);
            KarrasSchedule schedule = KarrasSchedule.edm(40);
            NDArray x0 = EdmSampler.initialNoise(manager, new Shape(256, 2), DataType.FLOAT32, schedule, 1);
            int before = manager.getManagedArrays().size();
            NDArray euler = EdmSampler.euler().sample(d, x0, schedule);
            NDArray mad = EdmSampler.builder().rule(MadStep.of(1.5, 1)).build().sample(d, x0, schedule);
            assertEquals(before + 2, manager.getManagedArrays().size());
            float eulerNorm = euler.norm().getFloat();
            float madNorm = mad.norm().getFloat();
            // N(0, 0.25): Euler keeps most of the spread, MAD shrinks it (mad.md: ratio about 0.3 at v = 0.25)
            assertTrue(madNorm < 0.6 * eulerNorm, "MAD " + madNorm + " vs Euler " + eulerNorm);
        }
    }

    @Test
    void rejectsMissingOrBrokenFiles(@TempDir Path dir) throws Exception {
        assertThrows(IllegalArgumentException.class, () -> TorchScriptDenoiser.load(dir.resolve("none.pt"),
                TorchScriptDenoiser.Convention.DENOISER, 0.5));
        Path junk = Files.writeString(dir.resolve("junk.pt"), "not a module");
        assertThrows(IllegalArgumentException.class,
                () -> TorchScriptDenoiser.load(junk, TorchScriptDenoiser.Convention.DENOISER, 0.5));
    }

    private static float[] floats(JsonArray a) {
        float[] f = new float[a.size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = a.get(i).getAsFloat();
        }
        return f;
    }
}
