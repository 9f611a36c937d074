package dev.ctx.index.embed;

/** Small vector helpers shared by the embedders. */
final class Vectors {
    private Vectors() {
    }

    /** Scales {@code v} to unit length in place and returns it; a zero vector stays zero. */
    static float[] normalize(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += (double) x * x;
        }
        if (sum > 0) {
            float inv = (float) (1.0 / Math.sqrt(sum));
            for (int i = 0; i < v.length; i++) {
                v[i] *= inv;
            }
        }
        return v;
    }

    static float dot(float[] a, float[] b) {
        float s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
