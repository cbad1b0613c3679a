using DataflowLung.Pipeline.Tasks;
using DataflowLung.Pipeline;
using DataflowLung.Pipeline.Augment;
using DataflowLung.Pipeline.Flow;
using DataflowLung.Pipeline.Stages;
using LanguageExt;
using static LanguageExt.Prelude;

namespace DataflowLung.Tests.Stages;

/// <summary>Recordings the real stages cannot use become faults naming the file and the reason; the rest still flow.</summary>
public sealed class StageFaultTests(StageCorpus corpus) : IClassFixture<StageCorpus>
{
    [Fact]
    public async Task A_corrupt_wav_and_a_cw_recording_without_annotations_are_reported_by_file()
    {
        var p = StageCorpus.Params(TaskRegistry.CracklesWheezes, AugmentParams.Default with
        {
            SpecAugment = new SpecAugmentParams(Quantity: 0.5),
        });
        using var backend = StageCorpus.Backend(p);
        var flow = new DataFlow(PipelineStages.Create(p, backend).ThrowIfFail(), StageCorpus.Flow());

        var corrupt = corpus.Corrupt();
        var annotated = corpus.Icbhi[0];
        var unannotated = annotated with { Cycles = None };
        var good = corpus.Icbhi.Skip(1).Take(3).Concat(corpus.Jordan.Take(2)).ToArray();
        var (batches, report) = await StageCorpus.RunEpoch(flow, [.. good, corrupt, unannotated], 1, training: true);

        Assert.Equal(2, report.RecordingsFailed);
        Assert.Equal(good.Length, report.RecordingsOk);
        var byFile = report.Faults.ToDictionary(f => f.File, f => f.Reason);
        Assert.Contains("RIFF", byFile[corrupt.Path], StringComparison.OrdinalIgnoreCase);
        Assert.Contains("no cycle annotations", byFile[unannotated.Path]);
        Assert.Contains(Path.ChangeExtension(unannotated.Path, ".txt"), byFile[unannotated.Path]);
        Assert.Contains(report.Faults, f => report.Describe().Contains($"skipped {f.File}: {f.Reason}"));
        Assert.DoesNotContain(batches.SelectMany(b => b.Recordings), r => r.Path == corrupt.Path || r.Path == unannotated.Path && r.Cycles.IsNone);
        Assert.True(report.Samples > report.Chunks); // the good recordings were still augmented

        // The labels-only census skips the same recordings for the same label reason.
        var census = ClassCensus.Count([.. good, unannotated], TaskRegistry.CracklesWheezes, p.SampleRate, p.Chunks);
        Assert.Equal(byFile[unannotated.Path], Assert.Single(census.Skipped).Reason);
        Assert.Equal(report.Chunks, census.Chunks);
    }

    [Fact]
    public void Recordings_without_a_label_for_the_task_are_faults_with_the_reason()
    {
        var p = StageCorpus.Params(TaskRegistry.Pneumonia, AugmentParams.Default);
        var signal = new Signal(new float[8000 * 3], 8000);
        var unknown = corpus.Jordan[0] with { Labels = new RecordingLabels(-1, Diagnosis: "Unlisted") };
        var fault = (LanguageExt.Common.Error)PipelineStages.ChunkAndLabel(p, unknown, signal);
        Assert.Contains("no usable pneumonia label", fault.Message);
        Assert.Contains("Unlisted", fault.Message);

        var cw = p with { Task = TaskRegistry.CracklesWheezes };
        var jordanWithoutFlags = corpus.Jordan[0] with { Labels = new RecordingLabels(0) };
        Assert.Contains("neither cycle annotations nor recording-level", ((LanguageExt.Common.Error)PipelineStages.ChunkAndLabel(cw, jordanWithoutFlags, signal)).Message);
        Assert.True(PipelineStages.ChunkAndLabel(cw, corpus.Jordan[0], signal).IsSucc);
        Assert.Contains("8000 Hz", ((LanguageExt.Common.Error)PipelineStages.ChunkAndLabel(p, corpus.Jordan[0], new Signal(new float[100], 4000))).Message);

        // Too short for one chunk is not a fault: zero chunks.
        Assert.Equal(0, PipelineStages.ChunkAndLabel(p, corpus.Jordan[0], new Signal(new float[100], 8000)).ThrowIfFail().Count);
    }
}
