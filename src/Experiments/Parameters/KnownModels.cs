using DataflowLung.Model.Models;
using LanguageExt;
using static LanguageExt.Prelude;

namespace DataflowLung.Experiments.Parameters;

/// <summary>Model names the runner accepts, with their descriptions: the model registry's, so a new model appears in
/// every help text by its one registration line.</summary>
public static class KnownModels
{
    public static Seq<ParameterChoice> Choices => toSeq(ModelRegistry.All).Map(f => new ParameterChoice(f.Name, f.Description));
}
