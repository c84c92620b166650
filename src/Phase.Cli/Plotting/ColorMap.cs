namespace Phase.Cli.Plotting;

/// <summary>Colour maps from [0, 1] to sRGB by linear interpolation between anchors.</summary>
internal sealed class ColorMap
{
    private readonly Rgb[] _anchors;

    private ColorMap(params Rgb[] anchors) => _anchors = anchors;

    /// <summary>Perceptually ordered dark-blue → green → yellow, sampled at ten points of matplotlib's "viridis"
    /// (its colour values are published as CC0); readable in greyscale and by most colour-blind readers.</summary>
    public static ColorMap Viridis { get; } = new(
        new Rgb(0x44, 0x01, 0x54), new Rgb(0x48, 0x28, 0x78), new Rgb(0x3E, 0x4A, 0x89), new Rgb(0x31, 0x68, 0x8E),
        new Rgb(0x26, 0x82, 0x8E), new Rgb(0x1F, 0x9E, 0x89), new Rgb(0x35, 0xB7, 0x79), new Rgb(0x6D, 0xCD, 0x59),
        new Rgb(0xB4, 0xDE, 0x2C), new Rgb(0xFD, 0xE7, 0x25));

    /// <summary>Diverging blue → white → red for signed differences (0.5 is white).</summary>
    public static ColorMap BlueWhiteRed { get; } = new(
        new Rgb(0x21, 0x66, 0xAC), new Rgb(0x92, 0xC5, 0xDE), new Rgb(0xF7, 0xF7, 0xF7), new Rgb(0xF4, 0xA5, 0x82), new Rgb(0xB2, 0x18, 0x2B));

    /// <summary>The colour at <paramref name="t"/> (clamped to [0, 1]; NaN maps to 0).</summary>
    public Rgb At(double t)
    {
        if (!(t > 0))
        {
            return _anchors[0];
        }

        if (t >= 1)
        {
            return _anchors[^1];
        }

        double p = t * (_anchors.Length - 1);
        int i = (int)p;
        return Rgb.Lerp(_anchors[i], _anchors[i + 1], p - i);
    }
}
