using System.Runtime.InteropServices;

namespace Phase.FirstCall;

/// <summary>CPU time of the calling thread (Linux <c>clock_gettime(CLOCK_THREAD_CPUTIME_ID)</c>).</summary>
internal static partial class ThreadCpu
{
    private const int ClockThreadCpuTimeId = 3;

    public static double Milliseconds()
    {
        if (clock_gettime(ClockThreadCpuTimeId, out TimeSpec t) != 0)
        {
            return double.NaN;
        }

        return t.Seconds * 1e3 + t.Nanoseconds / 1e6;
    }

    [LibraryImport("libc")]
    private static partial int clock_gettime(int clockId, out TimeSpec time);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
