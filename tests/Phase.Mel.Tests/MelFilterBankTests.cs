using Phase.Mel;
using Phase.Stft;
using Phase.Testing;

namespace Phase.Tests.Mel;

public class MelFilterBankTests
{
    public static TheoryData<string> ConfigNames() => new(MelReference.Configs.Select(c => c.Name));

    [Theory]
    [MemberData(nameof(ConfigNames))]
    public void Weights_match_the_formulas_evaluated_by_an_independent_numpy_script(string name)
    {
        MelReference.Config c = MelReference.Get(name);
        double[,] expected = MelReference.Weights(c);
        MelFilterBank bank = MelReference.Bank(c);
        float[] dense = bank.ToArray();
        Assert.Equal(c.MelCount * (c.FftSize / 2 + 1), dense.Length);
        double peak = expected.Cast<double>().Max();
        for (int m = 0; m < c.MelCount; m++)
        {
            for (int k = 0; k <= c.FftSize / 2; k++)
            {
                double e = expected[m, k];
                float a = dense[m * bank.BinCount + k];

                // float32 rounding of a double value: half an ulp (6e-8 relative); a weight within 1e-12 of the peak of
                // an exact zero (a bin on a band edge, evaluated in a different order) may round either way.
                Assert.True(Math.Abs(a - e) <= 1.2e-7 * Math.Abs(e) + 1e-12 * peak, $"{name} W[{m},{k}] = {a}, expected {e}");
                Assert.Equal(a, bank[m, k]);
            }
        }
    }

    [Fact]
    public void Default_bank_reproduces_values_published_from_librosa()
    {
        // librosa.filters.mel(sr=22050, n_fft=2048) (128 bands, Slaney scale and norm), first values of rows 0 and 1,
        // as published in the documentation of the mel_filter crate (https://docs.rs/mel_filter), which checks itself
        // against librosa.
        double[] row0 = [0, 0.016182853208219942, 0.032365706416439884, 0.028990088037379964, 0.012807234829160026, 0];
        double[] row1 = [0, 0, 0, 0.009779235793639925, 0.025962089001859864, 0.035393705451959974, 0.01921085224374004, 0.003027999035520103, 0];
        var bank = new MelFilterBank(22050, 2048, 128);
        for (int k = 0; k < row0.Length; k++)
        {
            Assert.Equal(row0[k], bank[0, k], 1.2e-7 * row0[k] + 1e-15);
        }

        for (int k = 0; k < row1.Length; k++)
        {
            Assert.Equal(row1[k], bank[1, k], 1.2e-7 * row1[k] + 1e-15);
        }
    }

    [Fact]
    public void Defaults_are_librosas_slaney_scale_slaney_norm_0_to_nyquist()
    {
        var bank = new MelFilterBank(22050, 1024, 80);
        Assert.Equal(MelScale.Slaney, bank.Scale);
        Assert.Equal(MelNormalization.Slaney, bank.Normalization);
        Assert.Equal(0, bank.MinFrequency);
        Assert.Equal(11025, bank.MaxFrequency);
        Assert.Equal(513, bank.BinCount);
        var settings = new StftSettings(windowLength: 1024, hop: 256, sampleRate: 22050);
        Assert.Equal(bank.ToArray(), MelFilterBank.For(settings, 80).ToArray());
    }

    [Fact]
    public void Every_bin_lies_under_at_most_two_filters_and_dc_and_nyquist_under_none_by_default()
    {
        var bank = new MelFilterBank(22050, 1024, 80);
        for (int k = 0; k < bank.BinCount; k++)
        {
            int count = Enumerable.Range(0, bank.MelCount).Count(m => bank[m, k] > 0);
            Assert.True(count <= 2, $"bin {k} under {count} filters");
        }

        Assert.All(Enumerable.Range(0, 80), m => Assert.Equal(0f, bank[m, 0]));
        Assert.All(Enumerable.Range(0, 80), m => Assert.Equal(0f, bank[m, 512]));
        Assert.True(bank.NonZeroCount <= 2 * bank.BinCount);
    }

    [Fact]
    public void Peak_normalised_filters_reach_exactly_one_and_area_normalised_ones_have_unit_area_in_hz()
    {
        var peak = new MelFilterBank(16000, 2048, 40, normalization: MelNormalization.Peak);
        var area = new MelFilterBank(16000, 2048, 40);
        double binHz = 16000 / 2048.0;
        for (int m = 0; m < 40; m++)
        {
            Assert.Equal(1f, peak.FilterWeights(m).ToArray().Max());

            // Σ_k W[m,k]·Δf is a Riemann sum of a unit-area triangle; with ≥ 3 bins per half-triangle it is within a few percent.
            double sum = area.FilterWeights(m).ToArray().Sum(w => (double)w) * binHz;
            Assert.InRange(sum, 0.9, 1.1);
        }
    }

    [Fact]
    public void Apply_is_the_matrix_product_with_the_dense_weights()
    {
        var bank = new MelFilterBank(16000, 400, 80);
        float[] dense = bank.ToArray();
        const int frames = 5;
        float[] spectra = Signals.Noise(frames * bank.BinCount, 3).Select(Math.Abs).ToArray();
        var mel = new float[frames * bank.MelCount];
        bank.Apply(spectra, frames, mel);
        for (int n = 0; n < frames; n++)
        {
            for (int m = 0; m < bank.MelCount; m++)
            {
                double expected = 0;
                for (int k = 0; k < bank.BinCount; k++)
                {
                    expected += (double)dense[m * bank.BinCount + k] * spectra[n * bank.BinCount + k];
                }

                Assert.Equal(expected, mel[n * bank.MelCount + m], 1e-6 * Math.Max(1e-3, Math.Abs(expected)));
            }
        }

        var single = new float[bank.MelCount];
        bank.Apply(spectra.AsSpan(bank.BinCount, bank.BinCount), single);
        Assert.Equal(mel.AsSpan(bank.MelCount, bank.MelCount).ToArray(), single);
    }

    [Fact]
    public void Apply_to_magnitudes_filters_the_power_or_the_amplitude()
    {
        var bank = new MelFilterBank(22050, 1024, 80);
        var magnitudes = new MagnitudeSpectrogram(Signals.Noise(3 * 513, 4).Select(Math.Abs).ToArray(), 3, 513);
        float[] power = bank.Apply(magnitudes, MelSpectrumKind.Power);
        float[] amplitude = bank.Apply(magnitudes, MelSpectrumKind.Amplitude);
        var squared = magnitudes.Values.ToArray().Select(v => v * v).ToArray();
        var expectedPower = new float[3 * 80];
        var expectedAmplitude = new float[3 * 80];
        bank.Apply(squared, 3, expectedPower);
        bank.Apply(magnitudes.Values, 3, expectedAmplitude);
        Assert.Equal(expectedPower, power);
        Assert.Equal(expectedAmplitude, amplitude);
    }

    [Fact]
    public void Too_many_bands_for_the_fft_size_leave_empty_filters_that_are_counted()
    {
        // 128 bands over 33 bins: the narrow low bands catch no bin (librosa warns "Empty filters detected").
        var bank = new MelFilterBank(16000, 64, 128);
        Assert.True(bank.EmptyFilterCount > 0);
        int zeroRows = Enumerable.Range(0, 128).Count(m => bank.FilterWeights(m).IsEmpty);
        Assert.Equal(bank.EmptyFilterCount, zeroRows);
        Assert.Equal(0, new MelFilterBank(22050, 1024, 80).EmptyFilterCount);
    }

    [Fact]
    public void Invalid_settings_are_rejected_naming_the_parameter()
    {
        Assert.Equal("sampleRate", Assert.Throws<ArgumentOutOfRangeException>(() => new MelFilterBank(0, 1024, 80)).ParamName);
        Assert.Equal("fftSize", Assert.Throws<ArgumentOutOfRangeException>(() => new MelFilterBank(22050, 2, 80)).ParamName);
        Assert.Equal("melCount", Assert.Throws<ArgumentOutOfRangeException>(() => new MelFilterBank(22050, 1024, 0)).ParamName);
        Assert.Equal("minFrequency", Assert.Throws<ArgumentOutOfRangeException>(() => new MelFilterBank(22050, 1024, 80, minFrequency: -5)).ParamName);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new MelFilterBank(22050, 1024, 80, minFrequency: 8000, maxFrequency: 4000));
        Assert.Equal("maxFrequency", e.ParamName);
        Assert.Contains("above the lowest", e.Message, StringComparison.Ordinal);
        Assert.Equal("scale", Assert.Throws<ArgumentOutOfRangeException>(() => new MelFilterBank(22050, 1024, 80, scale: (MelScale)5)).ParamName);
        var bank = new MelFilterBank(22050, 1024, 80);
        Assert.Equal("spectrum", Assert.Throws<ArgumentException>(() => bank.Apply(new float[512], new float[80])).ParamName);
        Assert.Equal("destination", Assert.Throws<ArgumentException>(() => bank.Apply(new float[513], new float[81])).ParamName);
        Assert.Equal("magnitudes", Assert.Throws<ArgumentException>(() => bank.Apply(new MagnitudeSpectrogram(2, 257))).ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => bank[80, 0]);
        Assert.Throws<ArgumentOutOfRangeException>(() => bank[0, 513]);
    }
}
