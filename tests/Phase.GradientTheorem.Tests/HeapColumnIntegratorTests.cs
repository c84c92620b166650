using Phase.GradientTheorem;

namespace Phase.Tests;

public sealed class HeapColumnIntegratorTests
{
    private static float Wrap(double x) => (float)(x - (2 * Math.PI * Math.Round(x / (2 * Math.PI))));

    [Theory]
    [InlineData(2)]
    [InlineData(17)]
    [InlineData(513)]
    public void Exact_derivatives_give_the_exact_phase_along_any_path(int bins)
    {
        // Oracle: any target phase φ, previous phase φp; u = φ − φp and v = φ[k+1] − φ[k] taken modulo 2π. Whatever order
        // the heap visits the bins in, the trapezoid sums telescope to φ (mod 2π).
        var random = new Random(5);
        var previous = new float[bins];
        var target = new float[bins];
        var magnitudes = new float[bins];
        var previousMagnitudes = new float[bins];
        var advance = new float[bins];
        var step = new float[bins];
        for (int k = 0; k < bins; k++)
        {
            previous[k] = (float)((random.NextDouble() * 2 * Math.PI) - Math.PI);
            target[k] = (float)((random.NextDouble() * 2 * Math.PI) - Math.PI);
            magnitudes[k] = (float)(0.1 + random.NextDouble());
            previousMagnitudes[k] = (float)(0.1 + random.NextDouble());
        }

        for (int k = 0; k < bins; k++)
        {
            advance[k] = Wrap(target[k] - previous[k] + (2 * Math.PI * 7));
            step[k] = k < bins - 1 ? Wrap(target[k + 1] - target[k]) : 0;
        }

        var integrator = new HeapColumnIntegrator(bins, lastBinIsNyquist: false);
        var phase = new float[bins];
        Assert.Equal(0, integrator.Integrate(previous, previousMagnitudes, true, magnitudes, advance, step, 0.01f, phase));
        for (int k = 0; k < bins; k++)
        {
            Assert.True(Math.Abs(Wrap(phase[k] - target[k])) < 1e-4, $"bin {k}: {phase[k]} vs {target[k]}");
            Assert.False(integrator.IsBelowThreshold(k));
        }
    }

    [Fact]
    public void Bins_at_or_below_the_threshold_get_the_time_prediction_and_are_reported()
    {
        var integrator = new HeapColumnIntegrator(4, lastBinIsNyquist: false);
        float[] previous = [0.1f, 0.2f, 0.3f, 0.4f], advance = [1f, 1f, 1f, 1f], step = [0.5f, 0.5f, 0.5f, 0f];
        var phase = new float[4];
        int small = integrator.Integrate(previous, [1f, 1f, 1f, 1f], true, [1f, 0f, 1f, 1f], advance, step, 0.5f, phase);
        Assert.Equal(1, small);
        Assert.True(integrator.IsBelowThreshold(1));
        Assert.Equal(1.2f, phase[1], 6);
    }

    [Fact]
    public void Wrong_lengths_and_thresholds_are_rejected_naming_the_parameter()
    {
        var integrator = new HeapColumnIntegrator(8, lastBinIsNyquist: true);
        var ok = new float[8];
        Assert.Equal("advance", Assert.Throws<ArgumentException>(() => integrator.Integrate(ok, ok, true, ok, new float[7], ok, 0, ok)).ParamName);
        Assert.Equal("threshold", Assert.Throws<ArgumentOutOfRangeException>(() => integrator.Integrate(ok, ok, true, ok, ok, ok, float.NaN, ok)).ParamName);
        Assert.Equal("threshold", Assert.Throws<ArgumentOutOfRangeException>(() => integrator.Integrate(ok, ok, true, ok, ok, ok, -1, ok)).ParamName);
        Assert.Equal("binCount", Assert.Throws<ArgumentOutOfRangeException>(() => new HeapColumnIntegrator(1, false)).ParamName);
        Assert.Equal("bin", Assert.Throws<ArgumentOutOfRangeException>(() => integrator.IsBelowThreshold(8)).ParamName);
    }
}
