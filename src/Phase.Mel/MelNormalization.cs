namespace Phase.Mel;

/// <summary>How the triangular filters of a <see cref="MelFilterBank"/> are scaled.</summary>
public enum MelNormalization
{
    /// <summary>
    /// Area ("slaney", librosa's default <c>norm='slaney'</c>): filter <c>m</c> is multiplied by
    /// <c>2 / (f[m+2] − f[m])</c>, the reciprocal of half its base in Hz, so every band has unit area in Hz and
    /// a flat power spectrum gives roughly equal energy per band.
    /// </summary>
    Slaney = 0,

    /// <summary>No scaling: triangles rise to 1 at their centre frequency (librosa <c>norm=None</c>; the sampled
    /// maximum is below 1 when no bin falls exactly on the centre).</summary>
    None = 1,

    /// <summary>Peak: each filter is divided by its largest sampled weight, so its maximum is exactly 1
    /// (librosa <c>norm=np.inf</c>). Empty filters stay zero.</summary>
    Peak = 2,
}
