using System.Text.Json;
using System.Text.Json.Nodes;
using LanguageExt;

namespace DataflowLung.Experiments.Parameters;

/// <summary>One settable parameter under its config-file name (the original system's key names):
/// how to read its current value (for <c>params.json</c> and the printout) and how to set it from a JSON
/// value (config files and <c>--set key=value</c> both come through here, so both accept the same things).
/// <see cref="Set"/> fails with a message when the value does not fit.</summary>
public sealed record ParameterKey(
    string Name,
    string Help,
    Func<JobParameters, JsonNode?> Get,
    Func<JobParameters, JsonElement, Fin<JobParameters>> Set,
    int Precedence = 1)
{
    /// <summary>The names the key takes, where a registry lists them (models, datasets): help texts read them here
    /// rather than keep their own lists.</summary>
    public Seq<ParameterChoice> Choices { get; init; }

    /// <summary><see cref="Help"/> followed by the choices' names, when there are any.</summary>
    public string HelpWithChoices => Choices.IsEmpty ? Help : $"{Help} ({string.Join(", ", Choices.Map(c => c.Name))})";
}
