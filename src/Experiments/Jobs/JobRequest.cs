using DataflowLung.Pipeline.Tasks;
using DataflowLung.Experiments.Data;
using DataflowLung.Experiments.Parameters;
using DataflowLung.Pipeline;
using LanguageExt;

namespace DataflowLung.Experiments.Jobs;

/// <summary>A command line as the application layer sees it, parsed: the parameter sources it describes for a task and a
/// data root (named options already turned into keys), and the paths it gave, which a resume or a re-scored job must
/// check against the folder's own.</summary>
public sealed record JobRequest(
    Func<LearningTask, DataRoot, ParameterSources> Sources,
    Option<string> DataRootOption,
    Option<string> ConfigOption,
    Option<string> OutOption)
{
    /// <summary>The data root: <c>--data-root</c>, else the environment's, else the default.</summary>
    public DataRoot Root(Func<string, string?> environment) => DataRoot.Resolve(DataRootOption, environment);

    /// <summary>The data root of a job folder: <c>--data-root</c> when given, else the one <paramref name="paramsFile"/> recorded.</summary>
    public DataRoot SavedRoot(string? recorded, string paramsFile) => DataRootOption.Match(
        given => new DataRoot(given, "--data-root"),
        () => new DataRoot(recorded ?? "data", $"the data_root recorded in {paramsFile}"));
}
