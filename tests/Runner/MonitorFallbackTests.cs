using DataflowLung.Pipeline.Tasks;
using DataflowLung.Pipeline;
using DataflowLung.Experiments.Jobs;
using static LanguageExt.Prelude;

namespace DataflowLung.Tests.Runner;

/// <summary>A validation set whose labels leave the monitored metric undefined (a cross-validation fold without a
/// pneumonia patient) switches the job to the validation loss; any set with both classes keeps its monitor.</summary>
public sealed class MonitorFallbackTests
{
    private static RecordingRef Recording(string patient, int pneumonia, int index = 0) =>
        new("jordan", $"/data/jordan/{patient}_{index}.wav", $"{patient}_{index}", patient, new RecordingLabels(pneumonia), None);

    private static readonly RecordingRef[] NoPneumonia = [Recording("BP1", 0), Recording("BP1", 0, 1), Recording("BP2", 0), Recording("BP3", 0)];

    [Theory]
    [InlineData("patient_auc")]
    [InlineData("recording_auc")]
    [InlineData("chunk_sensitivity")]
    public void A_fold_without_a_pneumonia_patient_falls_back_to_the_validation_loss(string monitor)
    {
        var reason = MonitorFallback.Reason(TaskRegistry.Pneumonia, monitor, NoPneumonia);
        Assert.True(reason.IsSome, monitor);
        Assert.Contains(monitor, reason.IfNone(""));
        Assert.Contains("4 recordings, 0 with pneumonia", reason.IfNone(""));
    }

    [Fact]
    public void A_set_with_both_classes_keeps_its_monitor()
    {
        var both = NoPneumonia.Append(Recording("BP9", 1)).ToArray();
        Assert.True(MonitorFallback.Reason(TaskRegistry.Pneumonia, "patient_auc", both).IsNone);
    }

    [Fact]
    public void A_loss_a_metric_defined_on_one_class_an_unknown_name_and_the_per_cycle_tasks_are_left_alone()
    {
        Assert.True(MonitorFallback.Reason(TaskRegistry.Pneumonia, "val_loss", NoPneumonia).IsNone);
        Assert.True(MonitorFallback.Reason(TaskRegistry.Pneumonia, "patient_accuracy", NoPneumonia).IsNone);
        Assert.True(MonitorFallback.Reason(TaskRegistry.CracklesWheezes, "icbhi_score", NoPneumonia).IsNone);
        Assert.True(MonitorFallback.Reason(TaskRegistry.Pneumonia, "no_such_metric", NoPneumonia).IsNone);
    }
}
