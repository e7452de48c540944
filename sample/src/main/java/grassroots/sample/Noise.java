package grassroots.sample;

/**
 * Deterministic randomness keyed by what it describes (seed, region code, year, purpose), so that every value of the
 * sample is the same whatever else is generated and in whatever order or thread.
 */
final class Noise {
    private Noise() {}

    /** SplitMix64's finaliser: a well-mixed 64-bit hash. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    static long key(long seed, long a, long b, long c) {
        return mix(mix(mix(seed ^ 0x9e3779b97f4a7c15L) + a) + b * 0x632be59bd9b4e019L + c);
    }

    /** Uniform in [0, 1). */
    static double uniform(long key) {
        return (mix(key) >>> 11) * 0x1.0p-53;
    }

    /** Standard normal (Box–Muller on two uniforms drawn from the key). */
    static double normal(long key) {
        double u1 = Math.max(uniform(key), 1e-12), u2 = uniform(key + 0x5851f42d4c957f2dL);
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    /** A Poisson count with mean {@code lambda} (normal approximation above 30, exact inversion below). */
    static long poisson(long key, double lambda) {
        if (lambda <= 0) return 0;
        if (lambda > 30) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * normal(key)));
        double u = uniform(key), p = Math.exp(-lambda), cdf = p;
        long k = 0;
        while (u > cdf && k < 200) {
            k++;
            p *= lambda / k;
            cdf += p;
        }
        return k;
    }

    static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }
}
