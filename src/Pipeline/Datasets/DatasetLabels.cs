using DataflowLung.Pipeline.Tasks;
namespace DataflowLung.Pipeline.Datasets;

/// <summary>What a dataset's recordings can be labelled with: a pneumonia label (from a diagnosis), per-cycle
/// crackle/wheeze annotations, crackles/wheezes for the whole recording, typed events (<see cref="RecordingRef.Events"/>)
/// or a label of the whole record (<see cref="RecordingRef.RecordAnnotation"/>). A task says which it needs
/// (<see cref="Tasks.LearningTask.CanLearnFrom"/>), so the datasets that serve a task follow from both.</summary>
public sealed record DatasetLabels(bool Pneumonia = false, bool CycleAnnotations = false, bool RecordingSounds = false,
    bool Events = false, bool RecordAnnotations = false)
{
    public static DatasetLabels None { get; } = new();
}
