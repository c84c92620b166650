using System.Runtime.InteropServices;

namespace Phase.Neural.OnnxRuntime;

/// <summary>A 64-byte aligned block of native memory (never moved by the GC), freed once on dispose or finalization.</summary>
internal sealed unsafe class NativeBuffer : SafeHandle
{
    public NativeBuffer(nuint byteLength)
        : base(0, ownsHandle: true)
    {
        // A zero-length allocation is not portable (it may return null): allocate at least one cache line.
        ByteLength = byteLength;
        void* p = NativeMemory.AlignedAlloc(Math.Max(byteLength, 64), 64);
        NativeMemory.Clear(p, Math.Max(byteLength, 64));
        SetHandle((nint)p);
    }

    public nuint ByteLength { get; }

    public void* Pointer => (void*)handle;

    /// <inheritdoc/>
    public override bool IsInvalid => handle == 0;

    /// <inheritdoc/>
    protected override bool ReleaseHandle()
    {
        NativeMemory.AlignedFree((void*)handle);
        return true;
    }
}
