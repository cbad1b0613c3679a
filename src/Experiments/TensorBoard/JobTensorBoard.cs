using DataflowLung.Experiments.Jobs;

namespace DataflowLung.Experiments.TensorBoard;

/// <summary>What a job writes to TensorBoard: per epoch the losses (<c>loss/train</c>, <c>loss/validation</c>), the
/// learning rate (<c>lr</c>), seconds and data wait (<c>time/*</c>) and every validation metric (<c>val/&lt;name&gt;</c>);
/// at the end the figures of <c>plots/</c> (ROC, calibration, confusion matrices, curves) as images and the resolved
/// parameters (params.json) as text, at the step of the best epoch. Switched off by <c>tensorboard false</c>.</summary>
public static class JobTensorBoard
{
    /// <summary>The figures shown, in this order, when the job drew them.</summary>
    public static readonly string[] Figures = ["roc", "confusion_patient", "confusion_recording", "confusion_chunk", "calibration", "loss", "metrics"];

    public static void Epoch(TensorBoardLog log, EpochMetrics e)
    {
        log.Scalar("loss/train", e.Epoch, e.TrainLoss);
        if (e.ValLoss is { } v) log.Scalar("loss/validation", e.Epoch, v);
        log.Scalar("lr", e.Epoch, e.LearningRate);
        log.Scalar("time/epoch_seconds", e.Epoch, e.Seconds);
        log.Scalar("time/wait_seconds", e.Epoch, e.WaitSeconds);
        log.Scalar("time/samples_per_second", e.Epoch, e.SamplesPerSecond);
        foreach (var (name, value) in e.Metrics)
            if (value is { } x) log.Scalar($"val/{name}", e.Epoch, x);
    }

    /// <summary>The figures and parameters of a finished job folder; returns how many images were written.</summary>
    public static int Finish(TensorBoardLog log, string jobDirectory, long step)
    {
        var images = Figures.Count(f => log.Png($"plots/{f}", step, System.IO.Path.Combine(jobDirectory, "plots", f + ".png")));
        var parameters = System.IO.Path.Combine(jobDirectory, "params.json");
        if (File.Exists(parameters))
            // Indented by four spaces: a code block in TensorBoard's markdown, so the JSON keeps its layout.
            log.Text("parameters", step, "Resolved parameters (params.json):\n\n" +
                string.Join("\n", File.ReadAllLines(parameters).Select(l => "    " + l)));
        return images;
    }
}
