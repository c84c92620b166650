namespace Phase.Testing;

/// <summary>Seeded test signals.</summary>
public static class Signals
{
    /// <summary>Uniform white noise in [−1, 1).</summary>
    public static float[] Noise(int length, int seed)
    {
        var rng = new Random(seed);
        var x = new float[length];
        for (int i = 0; i < length; i++)
        {
            x[i] = (float)(2 * rng.NextDouble() - 1);
        }

        return x;
    }

    /// <summary><c>amplitude·cos(2π f n / fs + phase)</c>.</summary>
    public static float[] Sine(int length, double frequencyHz, int sampleRate, double amplitude = 1, double phase = 0)
    {
        var x = new float[length];
        for (int i = 0; i < length; i++)
        {
            x[i] = (float)(amplitude * Math.Cos(2 * Math.PI * frequencyHz * i / sampleRate + phase));
        }

        return x;
    }

    /// <summary>A linear chirp from <paramref name="f0"/> to <paramref name="f1"/> Hz.</summary>
    public static float[] Chirp(int length, double f0, double f1, int sampleRate, double amplitude = 0.5)
    {
        var x = new float[length];
        double duration = (double)length / sampleRate;
        for (int i = 0; i < length; i++)
        {
            double t = (double)i / sampleRate;
            x[i] = (float)(amplitude * Math.Sin(2 * Math.PI * (f0 * t + (f1 - f0) * t * t / (2 * duration))));
        }

        return x;
    }
}
