using DataflowLung.Pipeline.Tasks;
namespace DataflowLung.Pipeline.Datasets;

/// <summary>What a dataset's recordings can be labelled with: a pneumonia label (from a diagnosis), per-cycle
/// crackle/wheeze annotations, or crackles/wheezes for the whole recording. A task says which it needs
/// (<see cref="Tasks.LearningTask.CanLearnFrom"/>), so the datasets that serve a task follow from both.</summary>
public sealed record DatasetLabels(bool Pneumonia = false, bool CycleAnnotations = false, bool RecordingSounds = false)
{
    public static DatasetLabels None { get; } = new();
}
