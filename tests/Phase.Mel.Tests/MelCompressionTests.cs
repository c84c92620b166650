using Phase.Mel;

namespace Phase.Tests.Mel;

public class MelCompressionTests
{
    [Fact]
    public void Power_decibels_follow_librosa_power_to_db_with_reference_floor_and_top_db()
    {
        float[] power = [1f, 0.1f, 1e-3f, 1e-12f, 100f, 0f];
        var db = new float[power.Length];
        MelCompression.Encode(power, db, MelEncoding.Decibels, MelSpectrumKind.Power, reference: 1.0, topDb: 80);

        // 10·log10(max(1e-10, P)) − 10·log10(ref), then max(d, max(d) − 80); max is 20 dB (P = 100).
        float[] expected = [0f, -10f, -30f, -60f, 20f, -60f];
        for (int i = 0; i < power.Length; i++)
        {
            Assert.Equal(expected[i], db[i], 4);
        }

        MelCompression.Encode(power, db, MelEncoding.Decibels, MelSpectrumKind.Power, reference: 100, topDb: double.PositiveInfinity);
        Assert.Equal(-20f, db[0], 4);
        Assert.Equal(-120f, db[3], 3); // floored at amin = 1e-10, not clipped by top_db
        Assert.Equal(-120f, db[5], 3);
    }

    [Fact]
    public void Amplitude_decibels_use_20_log10()
    {
        float[] amplitude = [1f, 0.1f, 10f];
        var db = new float[3];
        MelCompression.Encode(amplitude, db, MelEncoding.Decibels, MelSpectrumKind.Amplitude);
        Assert.Equal([0f, -20f, 20f], db.Select(v => MathF.Round(v, 4)).ToArray());
        var back = new float[3];
        MelCompression.Decode(db, back, MelEncoding.Decibels, MelSpectrumKind.Amplitude);
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(amplitude[i], back[i], 1e-5 * amplitude[i]);
        }
    }

    [Theory]
    [InlineData(MelEncoding.Decibels, MelSpectrumKind.Power)]
    [InlineData(MelEncoding.Decibels, MelSpectrumKind.Amplitude)]
    [InlineData(MelEncoding.NaturalLog, MelSpectrumKind.Amplitude)]
    [InlineData(MelEncoding.Log10, MelSpectrumKind.Power)]
    [InlineData(MelEncoding.Linear, MelSpectrumKind.Power)]
    public void Decode_inverts_encode_above_the_floor(MelEncoding encoding, MelSpectrumKind kind)
    {
        float[] values = Enumerable.Range(0, 50).Select(i => (float)Math.Pow(10, -4 + i * 0.12)).ToArray();
        var encoded = new float[values.Length];
        var decoded = new float[values.Length];
        MelCompression.Encode(values, encoded, encoding, kind, topDb: double.PositiveInfinity);
        MelCompression.Decode(encoded, decoded, encoding, kind);
        for (int i = 0; i < values.Length; i++)
        {
            Assert.Equal(values[i], decoded[i], 2e-6 * values[i]);
        }
    }

    [Fact]
    public void Natural_log_clamps_at_1e_minus_5_as_hifigan_does()
    {
        float[] amplitude = [0f, 1e-7f, 1e-5f, 1f, 2f];
        var log = new float[5];
        MelCompression.Encode(amplitude, log, MelEncoding.NaturalLog, MelSpectrumKind.Amplitude);
        Assert.Equal((float)Math.Log(1e-5), log[0]);
        Assert.Equal((float)Math.Log(1e-5), log[1]);
        Assert.Equal(0f, log[3]);
        Assert.Equal((float)Math.Log(2), log[4]);
        var back = new float[5];
        MelCompression.Decode(log, back, MelEncoding.NaturalLog);
        Assert.Equal(1e-5f, back[0], 1e-11f);
    }

    [Fact]
    public void Decoding_is_allowed_in_place()
    {
        float[] v = [0f, -10f, 10f];
        MelCompression.Decode(v, v, MelEncoding.Decibels);
        Assert.Equal(1f, v[0], 1e-6f);
        Assert.Equal(0.1f, v[1], 1e-7f);
        Assert.Equal(10f, v[2], 1e-5f);
    }

    [Fact]
    public void Bad_values_and_parameters_are_rejected_with_a_hint()
    {
        var d = new float[2];
        var e = Assert.Throws<ArgumentException>(() => MelCompression.Decode([1f, -30f], d, MelEncoding.Linear));
        Assert.Contains("dB or log", e.Message, StringComparison.Ordinal);
        Assert.Equal("encoded", Assert.Throws<ArgumentException>(() => MelCompression.Decode([float.NaN, 1f], d, MelEncoding.Decibels)).ParamName);
        Assert.Equal("destination", Assert.Throws<ArgumentException>(() => MelCompression.Decode([1f], d, MelEncoding.Decibels)).ParamName);
        Assert.Equal("reference", Assert.Throws<ArgumentOutOfRangeException>(() => MelCompression.Decode([1f, 1f], d, MelEncoding.Decibels, reference: 0)).ParamName);
        Assert.Equal("linear", Assert.Throws<ArgumentException>(() => MelCompression.Encode([-1f, 1f], d, MelEncoding.Decibels)).ParamName);
        Assert.Equal("topDb", Assert.Throws<ArgumentOutOfRangeException>(() => MelCompression.Encode([1f, 1f], d, MelEncoding.Decibels, topDb: -1)).ParamName);
        Assert.Equal("floor", Assert.Throws<ArgumentOutOfRangeException>(() => MelCompression.Encode([1f, 1f], d, MelEncoding.NaturalLog, floor: 0)).ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => MelCompression.Decode([1f, 1f], d, (MelEncoding)9));
    }
}
