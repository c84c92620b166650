namespace Phase.IO.Png;

/// <summary>Pixel layouts <see cref="PngFile"/> writes, 8 bits per channel (the PNG colour-type codes).</summary>
public enum PngColorType
{
    /// <summary>One byte per pixel, 0 black … 255 white.</summary>
    Grayscale = 0,

    /// <summary>Three bytes per pixel: red, green, blue.</summary>
    Rgb = 2,

    /// <summary>Four bytes per pixel: red, green, blue, alpha (0 transparent … 255 opaque, not premultiplied).</summary>
    Rgba = 6,
}
