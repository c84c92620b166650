using System.Numerics;
using Phase.Iterative;
using Phase.Stft;
using Phase.Testing;

namespace Phase.Tests.Iterative;

public class RtisiLaTests
{
    [Theory]
    [InlineData(3, 8, RtisiLa.DefaultAlpha)]
    [InlineData(3, 8, 0)]
    [InlineData(0, 4, 0.7)]
    [InlineData(0, 4, 0)]
    [InlineData(5, 2, 0.5)]
    public void Streaming_rtisila_equals_its_offline_wrapper(int lookahead, int iterations, double alpha)
    {
        var settings = TestAudio.Speech;
        float[] x = TestAudio.DemoExcerpt(25000);
        MagnitudeSpectrogram target = settings.StftMagnitude(x);
        var method = new RtisiLa(settings) { LookaheadFrames = lookahead, IterationsPerFrame = iterations, Alpha = alpha };
        var options = new ReconstructionOptions { SignalLength = x.Length };
        float[] offline = method.Reconstruct(target, options).Signal;

        using RtisiLaStreamingReconstructor streaming = method.CreateStreaming();
        Assert.Equal(offline, SpsiTests.RunStream(streaming, target, x.Length));
        var adapter = new StreamingReconstructorAdapter("rtisila", settings, method.CreateStreaming);
        Assert.Equal(offline, adapter.Reconstruct(target, options).Signal);

        // After Flush the stream has ended; Reset starts the next one, identical.
        Assert.Throws<InvalidOperationException>(() => streaming.ProcessFrame(target.Frame(0), new float[settings.Hop]));
        streaming.Reset();
        Assert.Equal(offline, SpsiTests.RunStream(streaming, target, x.Length));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(0)]
    [InlineData(7)]
    public void Timing_follows_the_streaming_contract(int lookahead)
    {
        var settings = TestAudio.Speech;
        using RtisiLaStreamingReconstructor r = new RtisiLa(settings) { LookaheadFrames = lookahead }.CreateStreaming();
        int n = settings.FftSize, h = settings.Hop;
        Assert.Equal(lookahead, r.LookaheadFrames);
        Assert.Equal(n / 2 + lookahead * h, r.OutputDelay);
        Assert.Equal(n - h + lookahead * h, r.FlushLength);
        Assert.Equal(n - h + lookahead * h, r.Latency);
        Assert.Equal(r.Latency, new RtisiLa(settings) { LookaheadFrames = lookahead }.Latency);

        // The first L hops are silence (frame 0 is committed only when frame L arrives).
        MagnitudeSpectrogram target = settings.StftMagnitude(TestAudio.DemoExcerpt(8192));
        var hop = new float[h];
        for (int f = 0; f < lookahead; f++)
        {
            r.ProcessFrame(target.Frame(f), hop);
            Assert.All(hop, v => Assert.Equal(0f, v));
        }
    }

    [Fact]
    public void Matches_an_independent_double_precision_implementation()
    {
        const double alpha = 0; // the paper's algorithm
        // Reference: ltfat/phaseret's structure in double precision — a buffer of frame contributions, each frame's
        // segment re-overlaid from all contributions before every update, MathNet's FFT. The float implementation keeps
        // an incrementally updated overlap-add instead; both drift apart only through rounding (RTISI-LA's
        // frame-to-frame phase propagation slowly amplifies it), so a short excerpt is compared.
        var settings = TestAudio.Small;
        float[] x = TestAudio.DemoExcerpt(64 * 40);
        MagnitudeSpectrogram target = settings.StftMagnitude(x);
        float[] actual = new RtisiLa(settings) { Alpha = alpha }.Reconstruct(target, new ReconstructionOptions { SignalLength = x.Length }).Signal;
        double[] expected = ReferenceRtisiLa(settings, target, lookahead: 3, iterations: 8, alpha, x.Length);
        // Sensitivity of the reference itself: the same computation with every magnitude perturbed by one float ulp-sized
        // relative step (what float rounding does to the float implementation's intermediate spectra).
        MagnitudeSpectrogram perturbed = target.Clone();
        var rng = new Random(9);
        for (int i = 0; i < perturbed.Values.Length; i++)
        {
            perturbed.Values[i] *= 1 + (float)((rng.NextDouble() - 0.5) * 2.4e-7);
        }

        double[] shaken = ReferenceRtisiLa(settings, perturbed, lookahead: 3, iterations: 8, alpha, x.Length);
        double sensitivity = Tolerance.RelativeError(shaken.Select(v => (float)v).ToArray(), expected);
        double error = Tolerance.RelativeError(actual, expected);
        double early = Tolerance.RelativeError(actual.AsSpan(0, 512), expected.AsSpan(0, 512));
        Assert.True(early < 1e-4, $"first frames differ by {early:E2}");
        // RTISI-LA propagates phase from frame to frame and slowly amplifies rounding; a structural difference would show
        // at once at order 1. The float implementation may differ from the reference by at most ten times the amount
        // the reference differs from itself under one rounding-sized perturbation.
        Assert.True(error < 10 * sensitivity, $"relative difference {error:E2}, reference's own sensitivity {sensitivity:E2}");
    }

    [Fact]
    public void Momentum_matches_an_independent_double_precision_implementation()
    {
        // The same reference with the momentum step as documented on RtisiLa.Alpha (extrapolate each analysis spectrum
        // from the frame's previous one with the same window, then impose the magnitude).
        var settings = TestAudio.Small;
        float[] x = TestAudio.DemoExcerpt(64 * 40);
        MagnitudeSpectrogram target = settings.StftMagnitude(x);
        float[] actual = new RtisiLa(settings) { Alpha = 0.7 }.Reconstruct(target, new ReconstructionOptions { SignalLength = x.Length }).Signal;
        double[] expected = ReferenceRtisiLa(settings, target, lookahead: 3, iterations: 8, 0.7, x.Length);

        // A structural difference (a wrong previous spectrum, extrapolating across a change of window, extrapolating
        // after the projection) shows at once at order 10⁻²…1 in the first frames; rounding does not.
        double early = Tolerance.RelativeError(actual.AsSpan(0, 512), expected.AsSpan(0, 512));
        Assert.True(early < 1e-4, $"first frames differ by {early:E2}");

        // Over the excerpt, RTISI-LA's frame-to-frame phase propagation amplifies rounding. Float rounding is modelled by
        // a relative perturbation of 1.2·10⁻⁷ (one float ulp) of every contribution at every update of the reference; the
        // float implementation may differ from the reference by at most ten times what that perturbation changes.
        double[] jittered = ReferenceRtisiLa(settings, target, lookahead: 3, iterations: 8, 0.7, x.Length, new Random(9));
        double sensitivity = Tolerance.RelativeError(jittered.Select(v => (float)v).ToArray(), expected);
        double error = Tolerance.RelativeError(actual, expected);
        Assert.True(error < 10 * sensitivity, $"relative difference {error:E2}, reference's own sensitivity {sensitivity:E2}");
    }

    [Fact]
    public void Momentum_path_with_a_vanishing_alpha_computes_the_papers_algorithm_bit_for_bit()
    {
        // α = float.Epsilon takes the momentum path (analysis spectra kept, extrapolated and projected by the fused FGLA
        // kernel) but extrapolates by nothing representable: t = X + ε·(X − X_prev) rounds to X. The result must equal
        // α = 0 (the plain projection of Zhu et al.) bit for bit, so the momentum path adds nothing but the
        // extrapolation, and α = 0 stays the paper's algorithm.
        var settings = TestAudio.Speech;
        float[] x = TestAudio.DemoExcerpt(30000);
        MagnitudeSpectrogram target = settings.StftMagnitude(x);
        var options = new ReconstructionOptions { SignalLength = x.Length };
        float[] paper = new RtisiLa(settings) { Alpha = 0 }.Reconstruct(target, options).Signal;
        float[] vanishing = new RtisiLa(settings) { Alpha = float.Epsilon }.Reconstruct(target, options).Signal;
        float[] momentum = new RtisiLa(settings) { Alpha = 0.7 }.Reconstruct(target, options).Signal;
        Assert.Equal(paper, vanishing);
        Assert.NotEqual(paper, momentum);
    }

    [Fact]
    public void More_look_ahead_gives_better_quality_on_speech()
    {
        var settings = TestAudio.Speech;
        float[] x = TestAudio.Demo;
        MagnitudeSpectrogram target = settings.StftMagnitude(x);
        double Sc(int l) => Metrics.QualityMetrics.SpectralConvergenceDb(
            settings.StftMagnitude(new RtisiLa(settings) { LookaheadFrames = l }.Reconstruct(target, new ReconstructionOptions { SignalLength = x.Length }).Signal), target);
        double none = Sc(0), three = Sc(3);
        Assert.True(three < none - 2, $"L = 0: {none:F1} dB, L = 3: {three:F1} dB");
    }

    /// <summary>RTISI-LA as in ltfat/phaseret's <c>rtisilaupdate</c>, in double precision, followed by the centred ISTFT
    /// of the committed spectra; with α &gt; 0, each analysis spectrum is first extrapolated from the same frame's previous
    /// one with the same analysis window (the online FGLA step as documented on <see cref="RtisiLa.Alpha"/>).</summary>
    private static double[] ReferenceRtisiLa(StftSettings settings, MagnitudeSpectrogram target, int lookahead, int iterations, double alpha, int length, Random? jitter = null)
    {
        int n = settings.FftSize, hop = settings.Hop, h = n / 2, bins = settings.BinCount, frames = target.FrameCount;
        double[] fw = settings.FrameWindow.ToArray().Select(v => (double)v).ToArray();
        var periodic = new double[hop];
        for (int j = 0; j < n; j++)
        {
            periodic[j % hop] += fw[j] * fw[j];
        }

        double[] dual = Enumerable.Range(0, n).Select(j => fw[j] / periodic[j % hop]).ToArray();
        var first = new double[n];
        var later = new double[n];
        for (int j = 0; j < n; j++)
        {
            for (int q = 1; j - q * hop >= 0; q++)
            {
                first[j] += dual[j - q * hop];
            }

            later[j] = first[j] + dual[j];
        }

        int lookback = (n + hop - 1) / hop - 1, slots = lookback + 1 + lookahead;
        var contributions = new double[slots][];
        for (int i = 0; i < slots; i++)
        {
            contributions[i] = new double[n];
        }

        var magnitudes = new double[lookahead + 1][];
        for (int i = 0; i <= lookahead; i++)
        {
            magnitudes[i] = new double[bins];
        }

        var previous = new Complex[lookahead + 1][];
        var previousWindow = new double[]?[lookahead + 1];
        var committed = new Complex[frames][];
        for (int m = 0; m < frames + lookahead; m++)
        {
            // Shift the buffers: the oldest contribution leaves, the new frame has none yet.
            for (int i = 0; i < slots - 1; i++)
            {
                contributions[i] = contributions[i + 1];
            }

            contributions[slots - 1] = new double[n];
            for (int i = 0; i < lookahead; i++)
            {
                magnitudes[i] = magnitudes[i + 1];
                previous[i] = previous[i + 1];
                previousWindow[i] = previousWindow[i + 1];
            }

            previous[lookahead] = new Complex[n];
            previousWindow[lookahead] = null;

            magnitudes[lookahead] = m < frames ? target.Frame(m).ToArray().Select(v => (double)v).ToArray() : new double[bins];
            int newest = m < frames ? lookahead : lookahead - 1 - (m - frames);
            Complex[]? commit = null;
            for (int it = 0; it < iterations; it++)
            {
                for (int a = newest; a >= 0; a--)
                {
                    if (m - lookahead + a < 0)
                    {
                        break;
                    }

                    int index = lookback + a;
                    double[] window = a != newest ? fw : it == 0 && m < frames ? first : later;

                    // Overlay every contribution that overlaps this frame.
                    var segment = new double[n];
                    for (int other = 0; other < slots; other++)
                    {
                        int shift = (other - index) * hop;
                        for (int j = 0; j < n; j++)
                        {
                            int source = j - shift;
                            if (source >= 0 && source < n)
                            {
                                segment[j] += contributions[other][source];
                            }
                        }
                    }

                    var spectrum = new Complex[n];
                    for (int j = 0; j < n; j++)
                    {
                        spectrum[((j - h) % n + n) % n] = segment[j] * window[j];
                    }

                    MathNet.Numerics.IntegralTransforms.Fourier.Forward(spectrum, MathNet.Numerics.IntegralTransforms.FourierOptions.AsymmetricScaling);
                    if (alpha > 0)
                    {
                        Complex[] analysis = (Complex[])spectrum.Clone();
                        if (ReferenceEquals(previousWindow[a], window))
                        {
                            for (int k = 0; k < n; k++)
                            {
                                spectrum[k] += (double)(float)alpha * (spectrum[k] - previous[a][k]);
                            }
                        }

                        previous[a] = analysis;
                        previousWindow[a] = window;
                    }

                    for (int k = 0; k < n; k++)
                    {
                        int bin = k < bins ? k : n - k;
                        double r = spectrum[k].Magnitude;
                        spectrum[k] = r > 0 ? spectrum[k] * (magnitudes[a][bin] / r) : magnitudes[a][bin];
                    }

                    if (a == 0 && it == iterations - 1)
                    {
                        commit = spectrum[..bins];
                    }

                    MathNet.Numerics.IntegralTransforms.Fourier.Inverse(spectrum, MathNet.Numerics.IntegralTransforms.FourierOptions.AsymmetricScaling);
                    var contribution = new double[n];
                    for (int j = 0; j < n; j++)
                    {
                        contribution[j] = spectrum[((j - h) % n + n) % n].Real * dual[j];
                        if (jitter is not null)
                        {
                            contribution[j] *= 1 + ((jitter.NextDouble() - 0.5) * 2.4e-7);
                        }
                    }

                    contributions[index] = contribution;
                }
            }

            if (m - lookahead >= 0)
            {
                committed[m - lookahead] = commit!;
            }
        }

        // Centred ISTFT of the committed spectra with the exact window-square normalisation.
        int extended = (frames - 1) * hop + n;
        var sum = new double[extended];
        var weight = new double[extended];
        for (int f = 0; f < frames; f++)
        {
            var full = new Complex[n];
            for (int k = 0; k < bins; k++)
            {
                full[k] = committed[f][k];
                if (k > 0 && k < n - k)
                {
                    full[n - k] = Complex.Conjugate(committed[f][k]);
                }
            }

            full[0] = full[0].Real;
            full[n / 2] = full[n / 2].Real;
            MathNet.Numerics.IntegralTransforms.Fourier.Inverse(full, MathNet.Numerics.IntegralTransforms.FourierOptions.AsymmetricScaling);
            for (int j = 0; j < n; j++)
            {
                sum[f * hop + j] += fw[j] * full[((j - h) % n + n) % n].Real;
                weight[f * hop + j] += fw[j] * fw[j];
            }
        }

        var y = new double[length];
        for (int t = 0; t < length && t + h < extended; t++)
        {
            y[t] = weight[t + h] > 1e-10 ? sum[t + h] / weight[t + h] : 0;
        }

        return y;
    }
}
