namespace Phase.Stft;

/// <summary>What a <see cref="StreamingPipeline"/> is fed.</summary>
public enum StreamingInput
{
    /// <summary>Audio, in hops of <see cref="StftSettings.Hop"/> samples: the pipeline analyses it (an enhancer or a
    /// phase-vocoder-style effect that works on the signal's own magnitudes, or a test of the round trip).</summary>
    Audio,

    /// <summary>Magnitude frames of <see cref="StftSettings.BinCount"/> linear magnitudes, frame <c>n</c> centred on sample
    /// <c>n·H</c>: from a model (a vocoder, a spectral enhancer) or any other source.</summary>
    Magnitudes,
}
