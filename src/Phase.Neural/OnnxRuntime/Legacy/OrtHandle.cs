using System.Runtime.InteropServices;

namespace Phase.Neural.OnnxRuntime;

/// <summary>
/// Owns one ONNX Runtime object (<c>OrtEnv</c>, <c>OrtSession</c>, <c>OrtValue</c>, ...) and releases it with its
/// <c>Release*</c> function exactly once, on <see cref="SafeHandle.Dispose()"/> or, if the owner forgot, on
/// finalization.
/// </summary>
/// <remarks>
/// An object that must outlive this one (the environment of a session, the memory under a tensor) is held as a
/// <see cref="Dependency"/>: its reference count is raised here and lowered only after this object is released, so
/// even finalization in arbitrary order never frees them in the wrong order.
/// </remarks>
internal sealed unsafe class OrtHandle : SafeHandle
{
    private readonly delegate* unmanaged<nint, void> _release;
    private SafeHandle? _dependency;

    public OrtHandle(nint handle, delegate* unmanaged<nint, void> release, SafeHandle? dependency = null)
        : base(0, ownsHandle: true)
    {
        _release = release;
        if (dependency is not null)
        {
            bool added = false;
            dependency.DangerousAddRef(ref added);
            _dependency = dependency;
        }

        SetHandle(handle);
    }

    /// <summary>The object this one keeps alive.</summary>
    public SafeHandle? Dependency => _dependency;

    /// <inheritdoc/>
    public override bool IsInvalid => handle == 0;

    /// <inheritdoc/>
    protected override bool ReleaseHandle()
    {
        _release(handle);
        _dependency?.DangerousRelease();
        _dependency = null;
        return true;
    }
}
