using System.Globalization;
using DataflowLung.Experiments.Jobs;

using DataflowLung.Experiments.Progress;

namespace DataflowLung.Runner.Progress;

/// <summary>Plain, timestamped lines (redirected output, CI). Progress inside an epoch is printed at most
/// every few seconds, so logs stay readable on long epochs.</summary>
public sealed class PlainJobConsole(TextWriter output, Func<DateTimeOffset> clock) : IJobConsole
{
    private readonly object gate = new();

    public void Line(string text)
    {
        lock (gate) output.WriteLine(JobLog.Stamp(clock(), text));
    }

    public Task<T> RunWithProgressAsync<T>(Func<IJobProgress, Task<T>> work) => work(new PlainProgress(this, clock));

    private sealed class PlainProgress(PlainJobConsole console, Func<DateTimeOffset> clock) : IJobProgress
    {
        private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);
        private int epoch, totalEpochs;
        private int? totalBatches;
        private DateTimeOffset epochStart, lastPrint;

        public void StartEpoch(int epoch, int totalEpochs, int? totalBatches)
        {
            (this.epoch, this.totalEpochs, this.totalBatches) = (epoch, totalEpochs, totalBatches);
            epochStart = lastPrint = clock();
        }

        public void Batch(int batchesDone, double loss, double samplesPerSecond)
        {
            var now = clock();
            if (now - lastPrint < Interval) return;
            lastPrint = now;
            console.Line(ProgressText.Describe(epoch, totalEpochs, batchesDone, totalBatches, loss, samplesPerSecond, now - epochStart));
        }

        public void EndEpoch() { }
    }
}

/// <summary>The one-line progress description both consoles use.</summary>
public static class ProgressText
{
    public static string Describe(int epoch, int totalEpochs, int batchesDone, int? totalBatches, double loss, double samplesPerSecond, TimeSpan elapsed)
    {
        var of = totalBatches is { } t ? $"/{t}" : "";
        var eta = totalBatches is { } total && batchesDone > 0
            ? $" ETA {TimeSpan.FromSeconds(elapsed.TotalSeconds / batchesDone * Math.Max(0, total - batchesDone)):mm\\:ss}"
            : "";
        var lossText = double.IsNaN(loss) ? "loss –" : string.Create(CultureInfo.InvariantCulture, $"loss {loss:0.0000}");
        return string.Create(CultureInfo.InvariantCulture,
            $"epoch {epoch}/{totalEpochs} batch {batchesDone}{of} {lossText} {samplesPerSecond:0} samples/s{eta}");
    }
}
