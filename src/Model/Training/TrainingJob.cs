using DataflowLung.Pipeline.Tasks;
using DataflowLung.Kernels;
using DataflowLung.Model.Models;
using DataflowLung.Pipeline;
using DataflowLung.Pipeline.Augment;
using DataflowLung.Pipeline.Datasets;

namespace DataflowLung.Model.Training;

/// <summary>Everything a training run needs except the data: the model's shape, the task, the parameters, how the
/// features and chunks were made (recorded in checkpoints), where checkpoints go (<c>best/</c> and <c>last/</c>
/// under <see cref="CheckpointDirectory"/>), the class weights (required when <c>Train.ClassWeights</c> is on;
/// compute them with <see cref="ClassWeights.Balanced"/> or <see cref="ClassWeights.FromCounts"/> over the training
/// chunks' labels) and whether to resume.</summary>
public sealed record TrainingJob(
    ModelShape Shape,
    LearningTask Task,
    TrainParams Train,
    FeatureParams Features,
    ChunkParams Chunks,
    string CheckpointDirectory,
    ClassWeightTable? Weights = null,
    bool Resume = false)
{
    public string BestDirectory => Path.Combine(CheckpointDirectory, "best");
    public string LastDirectory => Path.Combine(CheckpointDirectory, "last");
    public string Monitor => Train.Monitor.Length == 0 ? Task.DefaultMonitor : Train.Monitor;
}
