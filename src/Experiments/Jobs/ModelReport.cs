using DataflowLung.Model.Models;

namespace DataflowLung.Experiments.Jobs;

/// <summary>The model block of report.json (issue 9): architecture name, parameter counts (Keras's way, see
/// <see cref="ModelSummary"/>), multiply-accumulate operations per input sample, the input shape
/// (channels, mels, frames) and the number of outputs.</summary>
public sealed record ModelReport(
    string Name,
    long Parameters,
    long TrainableParameters,
    long FlopsPerSample,
    IReadOnlyList<int> InputShape,
    int Outputs)
{
    public static ModelReport Of(ModelSummary summary, ModelShape shape) =>
        new(summary.Name, summary.Parameters, summary.TrainableParameters, summary.FlopsPerSample, [1, shape.Mels, shape.Frames], shape.Outputs);
}
