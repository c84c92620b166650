namespace Phase;

/// <summary>Called after each iteration of an iterative reconstructor with the iteration's state. It may call
/// <see cref="IterationState.RequestStop"/> or change <see cref="IterationState.Alpha"/>.</summary>
/// <param name="state">The state after the iteration; the same instance is reused across iterations.</param>
public delegate void IterationObserver(IterationState state);
