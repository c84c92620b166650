using Xunit.Sdk;

namespace Phase.Testing;

/// <summary>
/// Marks a test class whose tests exercise SIMD kernels. scripts/test.sh runs these again with
/// DOTNET_EnableAVX512=0, DOTNET_EnableAVX2=0 and DOTNET_EnableHWIntrinsic=0 (filter <c>Category=Kernel</c>).
/// </summary>
[TraitDiscoverer("Phase.Testing.KernelTestDiscoverer", "Phase.TestUtilities")]
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = false)]
public sealed class KernelTestAttribute : Attribute, ITraitAttribute
{
}

/// <summary>Emits the trait <c>Category=Kernel</c> for <see cref="KernelTestAttribute"/>.</summary>
public sealed class KernelTestDiscoverer : ITraitDiscoverer
{
    /// <inheritdoc/>
    public IEnumerable<KeyValuePair<string, string>> GetTraits(Xunit.Abstractions.IAttributeInfo traitAttribute)
    {
        yield return new KeyValuePair<string, string>("Category", "Kernel");
    }
}
