using Phase.IO;
using Phase.Testing;

namespace Phase.Tests;

/// <summary>2-D arrays ↔ MagnitudeSpectrogram in both orientations.</summary>
public class NpySpectrogramTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(37, 70)]   // not multiples of the transpose tile
    [InlineData(64, 513)]
    [InlineData(200, 3)]
    public void Bins_by_frames_arrays_are_transposed_to_frame_major(int frames, int bins)
    {
        float[] values = Signals.Noise(frames * bins, frames + bins);
        var librosa = new NpyArray<float>(values, bins, frames); // a[k, n]
        MagnitudeSpectrogram s = librosa.ToMagnitudeSpectrogram(SpectrogramLayout.BinsByFrames);
        Assert.Equal(frames, s.FrameCount);
        Assert.Equal(bins, s.BinCount);
        for (int n = 0; n < frames; n++)
        {
            for (int k = 0; k < bins; k++)
            {
                Assert.Equal(values[k * frames + n], s[n, k]);
            }
        }

        NpyArray<float> back = s.ToNpyArray(SpectrogramLayout.BinsByFrames);
        Assert.Equal(new[] { bins, frames }, back.Shape.ToArray());
        Assert.Equal(values, back.Values.ToArray());
    }

    [Fact]
    public void Frames_by_bins_arrays_are_copied_unchanged()
    {
        float[] values = Signals.Noise(12, 1);
        var a = new NpyArray<float>(values, 3, 4);
        MagnitudeSpectrogram s = a.ToMagnitudeSpectrogram(SpectrogramLayout.FramesByBins);
        Assert.Equal(3, s.FrameCount);
        Assert.Equal(values, s.Values.ToArray());
        values[0] = 42; // a copy, not a view
        Assert.NotEqual(42, s[0, 0]);
        Assert.Equal(new[] { 3, 4 }, s.ToNpyArray(SpectrogramLayout.FramesByBins).Shape.ToArray());
    }

    [Fact]
    public void Leading_batch_dimensions_of_one_are_ignored()
    {
        var a = new NpyArray<float>(Signals.Noise(6, 2), 1, 1, 2, 3);
        MagnitudeSpectrogram s = a.ToMagnitudeSpectrogram(SpectrogramLayout.BinsByFrames);
        Assert.Equal(3, s.FrameCount);
        Assert.Equal(2, s.BinCount);
    }

    [Fact]
    public void Arrays_that_are_not_2_d_or_are_empty_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => new NpyArray<float>(new float[4], 4).ToMagnitudeSpectrogram(SpectrogramLayout.FramesByBins));
        Assert.Throws<ArgumentException>(() => new NpyArray<float>(new float[8], 2, 2, 2).ToMagnitudeSpectrogram(SpectrogramLayout.FramesByBins));
        Assert.Throws<ArgumentException>(() => new NpyArray<float>([], 0, 5).ToMagnitudeSpectrogram(SpectrogramLayout.FramesByBins));
        Assert.Throws<ArgumentOutOfRangeException>(() => new NpyArray<float>(new float[4], 2, 2).ToMagnitudeSpectrogram((SpectrogramLayout)9));
        Assert.Throws<ArgumentNullException>(() => ((NpyArray<float>)null!).ToMagnitudeSpectrogram(SpectrogramLayout.FramesByBins));
    }

    [Theory]
    [InlineData(SpectrogramLayout.FramesByBins)]
    [InlineData(SpectrogramLayout.BinsByFrames)]
    public void Spectrogram_files_round_trip_in_both_layouts(SpectrogramLayout layout)
    {
        var s = new MagnitudeSpectrogram(Signals.Noise(5 * 9, 3).Select(Math.Abs).ToArray(), 5, 9);
        using var dir = new TestFiles.TempDirectory();
        string path = dir.File("spec.npy");
        NpyFile.WriteSpectrogram(path, s, layout);
        NpyHeader header = NpyFile.ReadHeader(path);
        Assert.Equal(layout == SpectrogramLayout.FramesByBins ? new[] { 5, 9 } : new[] { 9, 5 }, header.Shape.ToArray());
        MagnitudeSpectrogram back = NpyFile.ReadSpectrogram(path, layout);
        Assert.Equal(s.Values.ToArray(), back.Values.ToArray());

        var ms = new MemoryStream();
        NpyFile.WriteSpectrogram(ms, s, layout);
        ms.Position = 0;
        Assert.Equal(s.Values.ToArray(), NpyFile.ReadSpectrogram(ms, layout).Values.ToArray());
    }

    [Fact]
    public void A_numpy_written_matrix_reads_as_a_spectrogram_in_librosa_orientation()
    {
        // np_f4_c_2d is 3 × 5 (bins × frames when read as librosa would write it).
        TestFiles.NpyExpected expected = TestFiles.ReadNpyExpected("np_f4_c_2d.npy");
        MagnitudeSpectrogram s = NpyFile.ReadSpectrogram(TestFiles.Fixture("np_f4_c_2d.npy"), SpectrogramLayout.BinsByFrames);
        Assert.Equal(5, s.FrameCount);
        Assert.Equal(3, s.BinCount);
        Assert.Equal((float)expected.Values[2 * 5 + 4], s[4, 2]);
    }

    [Fact]
    public void Spectrogram_file_with_the_wrong_rank_names_the_file()
    {
        string path = TestFiles.Fixture("np_f4_fortran_3d.npy");
        var ex = Assert.Throws<InvalidDataException>(() => NpyFile.ReadSpectrogram(path, SpectrogramLayout.FramesByBins));
        Assert.StartsWith(path, ex.Message, StringComparison.Ordinal);
        Assert.Contains("(2, 3, 4)", ex.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidDataException>(() => NpyFile.ReadSpectrogram(TestFiles.Fixture("np_f4_empty.npy"), SpectrogramLayout.FramesByBins));
    }
}
