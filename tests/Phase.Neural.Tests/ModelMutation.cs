using Google.Protobuf;
using Phase.Neural.Onnx.Proto;

namespace Phase.Tests;

/// <summary>Mutates the shipped models' protobuf (as a damaged file or a model exported for other settings would be).</summary>
internal static class ModelMutation
{
    public static byte[] Mutate(string shippedFile, Action<ModelProto> change)
    {
        ModelProto model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(ModelFiles.Path(shippedFile)));
        change(model);
        return model.ToByteArray();
    }

    public static void SetMetadata(ModelProto model, string key, string value)
    {
        StringStringEntryProto? entry = model.MetadataProps.FirstOrDefault(e => e.Key == key);
        if (entry is null)
        {
            model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        }
        else
        {
            entry.Value = value;
        }
    }

    /// <summary>Writes <paramref name="value"/> into element <paramref name="index"/> of a float initializer.</summary>
    public static void SetWeight(ModelProto model, string initializer, int index, float value)
    {
        TensorProto t = model.Graph.Initializer.Single(i => i.Name == initializer);
        byte[] raw = t.RawData.ToByteArray();
        BitConverter.TryWriteBytes(raw.AsSpan(4 * index), value);
        t.RawData = ByteString.CopyFrom(raw);
    }

    /// <summary>The shipped gtnet graph re-labelled for other STFT settings: gtnet's convolutions run along frequency
    /// with weights shared across bins, so only the bin count of the input/output and the metadata change. With the
    /// same hop/FFT ratio (1/4) and window the phase-derivative relations in bin units are the same.</summary>
    public static byte[] GtNetFor(int sampleRate, int fftSize, int hop, string shipped = "gtnet-lookahead.onnx") => Mutate(shipped, m =>
    {
        int bins = (fftSize / 2) + 1;
        foreach (ValueInfoProto v in m.Graph.Input.Concat(m.Graph.Output))
        {
            v.Type.TensorType.Shape.Dim[2].DimValue = bins;
        }

        SetMetadata(m, "sample_rate", sampleRate.ToString(System.Globalization.CultureInfo.InvariantCulture));
        SetMetadata(m, "fft_size", fftSize.ToString(System.Globalization.CultureInfo.InvariantCulture));
        SetMetadata(m, "window_length", fftSize.ToString(System.Globalization.CultureInfo.InvariantCulture));
        SetMetadata(m, "hop", hop.ToString(System.Globalization.CultureInfo.InvariantCulture));
        SetMetadata(m, "bins", bins.ToString(System.Globalization.CultureInfo.InvariantCulture));
    });
}
