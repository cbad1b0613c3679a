using System.Diagnostics;

namespace DataflowLung.Experiments.Jobs;

/// <summary>Wall time per named stage of a job (datasets, training, evaluation, reports...), in the order
/// the stages first ran; a stage run twice accumulates.</summary>
public sealed class StageTimer
{
    private readonly List<(string Stage, TimeSpan Elapsed)> stages = [];
    private readonly Stopwatch total = Stopwatch.StartNew();

    public T Time<T>(string stage, Func<T> work)
    {
        var clock = Stopwatch.StartNew();
        try { return work(); }
        finally { Add(stage, clock.Elapsed); }
    }

    public async Task<T> TimeAsync<T>(string stage, Func<Task<T>> work)
    {
        var clock = Stopwatch.StartNew();
        try { return await work(); }
        finally { Add(stage, clock.Elapsed); }
    }

    private void Add(string stage, TimeSpan elapsed)
    {
        lock (stages)
        {
            var i = stages.FindIndex(s => s.Stage == stage);
            if (i < 0) stages.Add((stage, elapsed));
            else stages[i] = (stage, stages[i].Elapsed + elapsed);
        }
    }

    public TimingReport Report(double trainerWaitSeconds, PipelineTiming? pipeline = null)
    {
        lock (stages)
            return new TimingReport(stages.ToDictionary(s => s.Stage, s => Math.Round(s.Elapsed.TotalSeconds, 3)),
                Math.Round(trainerWaitSeconds, 3), Math.Round(total.Elapsed.TotalSeconds, 3), pipeline);
    }
}
