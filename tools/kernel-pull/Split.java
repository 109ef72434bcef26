import java.util.*;
import org.mppm.models.data.*;
/** Fitter's validation split: the first round(n f) of its seeded permutation. */
public class Split {
    static int[] validation(int n, double f, long seed) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        Random r = new Random(seed);
        for (int i = n - 1; i > 0; i--) { int j = r.nextInt(i + 1); int t = p[i]; p[i] = p[j]; p[j] = t; }
        return Arrays.copyOf(p, (int) Math.max(1, Math.round(n * f)));
    }
    static LabelledImages rows(LabelledImages all, Set<Integer> chosen, boolean keep) {
        int hw = all.height() * all.width();
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < all.count(); i++) if (chosen.contains(i) == keep) idx.add(i);
        byte[] px = new byte[idx.size() * hw]; int[] lab = new int[idx.size()];
        for (int k = 0; k < idx.size(); k++) { System.arraycopy(all.pixels(), idx.get(k) * hw, px, k * hw, hw); lab[k] = all.labels()[idx.get(k)]; }
        return new LabelledImages(px, lab, all.height(), all.width());
    }
}
