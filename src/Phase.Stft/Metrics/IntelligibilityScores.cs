namespace Phase.Metrics;

/// <summary>STOI and ESTOI of one estimate against its clean reference, computed together because they share all of the
/// analysis (resampling, silent-frame removal, one-third-octave envelopes). See <see cref="QualityMetrics.Stoi"/> and
/// <see cref="QualityMetrics.Estoi"/>.</summary>
/// <param name="Stoi">Short-time objective intelligibility (Taal et al. 2011), dimensionless, at most 1; higher is more
/// intelligible.</param>
/// <param name="Estoi">Extended STOI (Jensen and Taal 2016), dimensionless, at most 1; higher is more intelligible.</param>
public readonly record struct IntelligibilityScores(double Stoi, double Estoi);
