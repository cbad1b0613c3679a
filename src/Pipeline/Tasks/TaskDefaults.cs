using DataflowLung.Kernels;
using DataflowLung.Pipeline.Datasets;
using LanguageExt;
using static LanguageExt.Prelude;

namespace DataflowLung.Pipeline.Tasks;

/// <summary>The parameters a task starts from where tasks differ: datasets, chunking, features and split.
/// <see cref="Original"/> is the original system's (ICBHI + Jordan, 10 s / 5 s windows, its features, the 80/20
/// patient split).</summary>
public sealed record TaskDefaults(Seq<string> Datasets, ChunkParams Chunk, FeatureParams Features, SplitParams Split)
{
    public static TaskDefaults Original { get; } = new(Seq("icbhi", "jordan"), new ChunkParams(), FeatureParams.Default, new SplitParams());
}
