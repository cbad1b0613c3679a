using DataflowLung.Pipeline.Tasks;
using DataflowLung.Pipeline.Metrics;
using DataflowLung.Model.Models;
using DataflowLung.Pipeline;
using LanguageExt;
using LanguageExt.Common;
using TorchSharp;
using static LanguageExt.Prelude;
using static TorchSharp.torch;

namespace DataflowLung.Model.Training;

/// <summary>Runs a model in evaluation mode over batches: chunk probabilities and the mean (unweighted)
/// loss of the task's head (<see cref="TaskHead"/>: BCE as the original's validation reported it, cross-entropy for
/// the cycles tasks), under libtorch's inference mode.</summary>
public static class Evaluation
{
    public sealed record Result(IReadOnlyList<PredictionRow> Predictions, double? Loss);

    public static async Task<Fin<Result>> RunAsync(
        nn.Module<Tensor, Tensor> model, ModelShape shape, Device device, IAsyncEnumerable<Batch> batches, LearningTask task, CancellationToken ct)
    {
        bool wasTraining = model.training;
        model.eval();
        try
        {
            var predictions = new List<PredictionRow>();
            double lossSum = 0;
            long elements = 0;
            await foreach (var batch in batches.WithCancellation(ct))
            {
                if (BatchTensors.Problem(batch, shape).Case is string problem) return FinFail<Result>(Error.New(problem));
                using var scope = NewDisposeScope();
                // Inference mode, not only no_grad: no autograd bookkeeping at all (version counters, view tracking).
                using var _ = inference_mode();
                var logits = model.call(BatchTensors.Inputs(batch, device));
                var (loss, terms) = TaskHead.SummedLoss(task, logits, BatchTensors.Labels(batch, device));
                lossSum += loss.item<float>();
                elements += terms;
                var probabilities = TaskHead.Probabilities(task, logits).cpu().data<float>().ToArray();
                predictions.AddRange(BatchTensors.Predictions(batch, probabilities));
            }
            return FinSucc(new Result(predictions, elements == 0 ? null : lossSum / elements));
        }
        finally
        {
            model.train(wasTraining);
        }
    }
}
