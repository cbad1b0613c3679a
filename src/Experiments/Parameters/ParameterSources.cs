using DataflowLung.Pipeline.Tasks;
using DataflowLung.Pipeline;
using LanguageExt;

namespace DataflowLung.Experiments.Parameters;

/// <summary>Where a job's parameters come from, in increasing precedence: the task's defaults, an optional
/// JSON config file, then command-line overrides as <c>key=value</c> pairs in the order given (named options
/// such as <c>--epochs</c> arrive here as their key). <see cref="OutRootGiven"/>: whether <see cref="OutRoot"/> was asked
/// for (false: the default, which a config in the original's names may replace with its <c>cache_root</c>).</summary>
public sealed record ParameterSources(
    LearningTask Task,
    Option<string> ConfigFile,
    Seq<(string Key, string Value)> Overrides,
    string DataRoot,
    string OutRoot,
    bool OutRootGiven = true);
