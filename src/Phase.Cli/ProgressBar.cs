using System.Diagnostics;
using System.Globalization;

namespace Phase.Cli;

/// <summary>
/// A one-line progress bar on standard error for long work. It redraws in place on a terminal and stays silent when
/// standard error is redirected (logs and tests get no carriage-return noise). Reports arrive on the working thread;
/// redraws are limited to about 10 per second.
/// </summary>
internal sealed class ProgressBar(CliContext context, string label) : IProgress<ReconstructionProgress>, IDisposable
{
    private const int Width = 30;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _lastDrawMs = -1000;
    private bool _drawn;

    public void Report(ReconstructionProgress value)
    {
        if (!context.InteractiveError)
        {
            return;
        }

        long now = _clock.ElapsedMilliseconds;
        bool done = value.Completed >= value.Total;
        if (!done && now - _lastDrawMs < 100)
        {
            return;
        }

        _lastDrawMs = now;
        int filled = (int)Math.Round(value.Fraction * Width);
        string bar = new string('#', filled) + new string('.', Width - filled);
        context.Err.Write(string.Create(CultureInfo.InvariantCulture,
            $"\r{label} [{bar}] {value.Completed}/{value.Total} {value.Unit}s {now / 1000.0:F1} s"));
        _drawn = true;
    }

    public void Dispose()
    {
        if (_drawn)
        {
            context.Err.Write('\r');
            context.Err.Write(new string(' ', Width + label.Length + 40));
            context.Err.Write('\r');
        }
    }
}
