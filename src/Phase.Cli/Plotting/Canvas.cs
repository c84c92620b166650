namespace Phase.Cli.Plotting;

/// <summary>An RGB raster (row-major, top row first, 3 bytes per pixel) with the few drawing operations plots need.
/// Drawing outside the canvas is clipped.</summary>
internal sealed class Canvas
{
    public Canvas(int width, int height, Rgb background)
    {
        Width = width;
        Height = height;
        Pixels = new byte[width * height * 3];
        Fill(0, 0, width, height, background);
    }

    public int Width { get; }

    public int Height { get; }

    public byte[] Pixels { get; }

    public void Set(int x, int y, Rgb c)
    {
        if ((uint)x < (uint)Width && (uint)y < (uint)Height)
        {
            int i = (y * Width + x) * 3;
            Pixels[i] = c.R;
            Pixels[i + 1] = c.G;
            Pixels[i + 2] = c.B;
        }
    }

    public Rgb Get(int x, int y)
    {
        int i = (y * Width + x) * 3;
        return new Rgb(Pixels[i], Pixels[i + 1], Pixels[i + 2]);
    }

    public void Fill(int x, int y, int width, int height, Rgb c)
    {
        for (int yy = Math.Max(0, y); yy < Math.Min(Height, y + height); yy++)
        {
            for (int xx = Math.Max(0, x); xx < Math.Min(Width, x + width); xx++)
            {
                Set(xx, yy, c);
            }
        }
    }

    public void HorizontalLine(int x0, int x1, int y, Rgb c) => Fill(Math.Min(x0, x1), y, Math.Abs(x1 - x0) + 1, 1, c);

    public void VerticalLine(int x, int y0, int y1, Rgb c) => Fill(x, Math.Min(y0, y1), 1, Math.Abs(y1 - y0) + 1, c);

    /// <summary>A one-pixel rectangle outline around the inclusive box (x0, y0)–(x1, y1).</summary>
    public void Frame(int x0, int y0, int x1, int y1, Rgb c)
    {
        HorizontalLine(x0, x1, y0, c);
        HorizontalLine(x0, x1, y1, c);
        VerticalLine(x0, y0, y1, c);
        VerticalLine(x1, y0, y1, c);
    }

    /// <summary>Copies another canvas onto this one with its top-left corner at (x, y).</summary>
    public void Draw(Canvas source, int x, int y)
    {
        for (int sy = 0; sy < source.Height; sy++)
        {
            for (int sx = 0; sx < source.Width; sx++)
            {
                Set(x + sx, y + sy, source.Get(sx, sy));
            }
        }
    }
}
