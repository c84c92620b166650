namespace Phase.Cli.Batch;

/// <summary>One input of a many-file run and where its output goes.</summary>
/// <param name="Input">The input file as found (full path).</param>
/// <param name="RelativeOutput">The output's path below the output directory, '/'-separated: the input's path below the
/// directory or the pattern's literal base it came from, with the extension changed to .wav. Also the shard key.</param>
internal sealed record BatchItem(string Input, string RelativeOutput);
