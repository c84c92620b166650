using MathNet.Numerics.LinearAlgebra;
using Phase.Iterative;
using Phase.Testing;

namespace Phase.Tests.Iterative;

/// <summary>
/// One Griffin-Lim iteration is <c>t₁ = STFT(argmin_y ‖STFT(y) − P_S(c₀)‖)</c>, the exact projection onto the STFTs of
/// signals of the domain length under the settings' padding. Oracle: the STFT written out as a dense real matrix (padding
/// by explicit index arithmetic, one-sided bins weighted as the two-sided norm) and the least-squares problem solved by
/// MathNet's QR in double precision.
/// </summary>
public class ConsistentProjectionTests
{
    public static IEnumerable<object[]> Cases() =>
    [
        [StftPadding.Reflect, 61],
        [StftPadding.Reflect, 56],   // the natural length
        [StftPadding.Reflect, 13],   // shorter than half a frame: repeated reflection
        [StftPadding.Zero, 61],
        [StftPadding.Uncentered, 75],
        [StftPadding.Uncentered, 88],
    ];

    [Theory]
    [MemberData(nameof(Cases))]
    public void One_iteration_is_the_least_squares_projection_onto_consistent_spectrograms(StftPadding padding, int length)
    {
        var settings = new StftSettings(32, 8, padding: padding);
        int frames = settings.FrameCount(length);
        int bins = settings.BinCount;
        var rng = new Random(5);
        var c0 = new ComplexSpectrogram(frames, bins);
        var target = new MagnitudeSpectrogram(frames, bins);
        for (int i = 0; i < frames * bins; i++)
        {
            c0.Real[i] = (float)(2 * rng.NextDouble() - 1);
            c0.Imaginary[i] = (float)(2 * rng.NextDouble() - 1);
            target.Values[i] = (float)rng.NextDouble();
        }

        using GriffinLimPlan plan = new GriffinLim(settings).CreatePlan();
        plan.Start(target, PhaseInitialization.FromSpectrogram(c0), new ReconstructionOptions { SignalLength = length });
        plan.Iterate(1);
        float[] signal = plan.GetSignal();
        ComplexSpectrogram t1 = plan.GetSpectrogram();

        // Oracle in double: P_S, least squares over signals of length L, forward STFT.
        var oracle = new DenseStft(settings, length);
        var z = new double[2 * frames * bins];
        for (int n = 0; n < frames; n++)
        {
            for (int k = 0; k < bins; k++)
            {
                int i = n * bins + k;
                double re = c0.Real[i], im = c0.Imaginary[i], r = Math.Sqrt(re * re + im * im);
                z[oracle.Row(n, k, 0)] = target.Values[i] * re / r * oracle.Weight(k);
                z[oracle.Row(n, k, 1)] = target.Values[i] * im / r * oracle.Weight(k);
            }
        }

        Vector<double> y = oracle.Solve(Vector<double>.Build.DenseOfArray(z));
        Vector<double> t = oracle.Matrix * y;

        Assert.True(Tolerance.RelativeError(signal, y.ToArray()) < 2e-5, $"signal error {Tolerance.RelativeError(signal, y.ToArray()):E2}");
        var actual = new float[2 * frames * bins];
        var expected = new double[2 * frames * bins];
        for (int n = 0; n < frames; n++)
        {
            for (int k = 0; k < bins; k++)
            {
                int i = n * bins + k;
                actual[oracle.Row(n, k, 0)] = t1.Real[i];
                expected[oracle.Row(n, k, 0)] = t[oracle.Row(n, k, 0)] / oracle.Weight(k);
                if (k != 0 && k != bins - 1)
                {
                    // The imaginary parts of DC and Nyquist are zero for every real signal; the plan need not store 0 there.
                    actual[oracle.Row(n, k, 1)] = t1.Imaginary[i];
                    expected[oracle.Row(n, k, 1)] = t[oracle.Row(n, k, 1)] / oracle.Weight(k);
                }
            }
        }

        Assert.True(Tolerance.RelativeError(actual, expected) < 2e-5, $"spectrogram error {Tolerance.RelativeError(actual, expected):E2}");
    }

    /// <summary>The STFT of a length-L signal as a dense real matrix: row (n, k, part) holds √w_k times the real or
    /// imaginary part of X[n, k], with w_k = 1 at DC and Nyquist and 2 elsewhere (so the Euclidean norm of the rows is
    /// the two-sided spectrogram norm).</summary>
    private sealed class DenseStft
    {
        private readonly int _bins;

        public DenseStft(StftSettings settings, int length)
        {
            int n = settings.FftSize, hop = settings.Hop, half = n / 2, frames = settings.FrameCount(length);
            _bins = settings.BinCount;
            float[] fw = settings.FrameWindow.ToArray();
            Matrix = Matrix<double>.Build.Dense(2 * frames * _bins, length);
            for (int f = 0; f < frames; f++)
            {
                long start = settings.IsCentered ? (long)f * hop - half : (long)f * hop;
                for (int j = 0; j < n; j++)
                {
                    int source = PaddedSource(start + j, length, settings.Padding);
                    if (source < 0)
                    {
                        continue;
                    }

                    for (int k = 0; k < _bins; k++)
                    {
                        double angle = -2 * Math.PI * k * (j - half) / n;
                        Matrix[Row(f, k, 0), source] += fw[j] * Math.Cos(angle) * Weight(k);
                        Matrix[Row(f, k, 1), source] += fw[j] * Math.Sin(angle) * Weight(k);
                    }
                }
            }
        }

        public Matrix<double> Matrix { get; }

        /// <summary>The minimum-norm least-squares solution: samples no frame sees (zero columns, e.g. the first sample of an
        /// uncentred periodic Hann) are 0; QR on the remaining columns.</summary>
        public Vector<double> Solve(Vector<double> rhs)
        {
            int[] seen = Enumerable.Range(0, Matrix.ColumnCount).Where(c => Matrix.Column(c).L2Norm() > 1e-12).ToArray();
            Matrix<double> reduced = Matrix<double>.Build.Dense(Matrix.RowCount, seen.Length, (r, c) => Matrix[r, seen[c]]);
            Vector<double> part = reduced.QR().Solve(rhs);
            var y = Vector<double>.Build.Dense(Matrix.ColumnCount);
            for (int c = 0; c < seen.Length; c++)
            {
                y[seen[c]] = part[c];
            }

            return y;
        }

        public int Row(int frame, int bin, int part) => 2 * (frame * _bins + bin) + part;

        public double Weight(int bin) => bin == 0 || bin == _bins - 1 ? 1 : Math.Sqrt(2);

        /// <summary>The signal sample a padded position reads (numpy "reflect", applied repeatedly), or −1 for zero.</summary>
        private static int PaddedSource(long t, int length, StftPadding padding)
        {
            if (t >= 0 && t < length)
            {
                return (int)t;
            }

            if (padding != StftPadding.Reflect)
            {
                return -1;
            }

            if (length == 1)
            {
                return 0;
            }

            // Reflect step by step, as numpy pads repeatedly.
            while (t < 0 || t >= length)
            {
                t = t < 0 ? -t : 2 * (length - 1) - t;
            }

            return (int)t;
        }
    }
}
