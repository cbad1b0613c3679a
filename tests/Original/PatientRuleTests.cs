using DataflowLung.Pipeline.Tasks;
using DataflowLung.Pipeline.Metrics;
using DataflowLung.Pipeline;
using DataflowLung.Experiments.Jobs;
using static LanguageExt.Prelude;

namespace DataflowLung.Tests.Original;

/// <summary>The original's patient rule in the report: a patient is predicted positive when any of its chunks is.</summary>
public sealed class PatientRuleTests
{
    private static ChunkOutcome Chunk(string patient, int recording, int index, float label, float p) =>
        new($"{patient}_{recording}_{index}", new RecordingRef("icbhi", $"/d/{patient}_{recording}.wav", $"{patient}_{recording}", patient, new RecordingLabels((int)label), None),
            [label], [p]);

    [Fact]
    public void Any_chunk_scores_a_patient_by_its_highest_chunk_where_the_mean_rule_averages_its_recordings()
    {
        ChunkOutcome[] chunks =
        [
            Chunk("101", 0, 0, 0, 0.1f), Chunk("101", 0, 1, 0, 0.7f), Chunk("101", 1, 0, 0, 0.2f), // one chunk over 0.5
            Chunk("102", 0, 0, 1, 0.3f), Chunk("102", 0, 1, 1, 0.4f),                           // none over 0.5
        ];
        var chunkRows = chunks.Select(c => c.Row).ToArray();
        float Patient(PatientRule rule, string id) =>
            (float)PredictionLevels.FromChunkRows(chunkRows, TaskRegistry.Pneumonia, rule).Single(r => r.Level == PredictionLevel.Patient && r.Patient == id).Probabilities[0];

        Assert.Equal(0.7f, Patient(PatientRule.AnyChunk, "101"));
        Assert.Equal(0.4f, Patient(PatientRule.AnyChunk, "102"));
        Assert.Equal((0.4f + 0.2f) / 2, Patient(PatientRule.Mean, "101"), 5); // recordings 0.4 and 0.2
        // The same patient is a false positive under the original's rule and a true negative under ours.
        var any = Scoring.Validation(TaskRegistry.Pneumonia, PredictionLevels.FromChunkRows(chunkRows, TaskRegistry.Pneumonia, PatientRule.AnyChunk)).Patient;
        var mean = Scoring.Validation(TaskRegistry.Pneumonia, PredictionLevels.FromChunkRows(chunkRows, TaskRegistry.Pneumonia, PatientRule.Mean)).Patient;
        Assert.Equal(new long[][] { [0, 1], [1, 0] }, any.Confusion);
        Assert.Equal(new long[][] { [1, 0], [1, 0] }, mean.Confusion);
    }
}
