using System.Globalization;
using Spectre.Console;

using DataflowLung.Experiments.Progress;

namespace DataflowLung.Runner.Progress;

/// <summary>Spectre.Console live display for terminals: one progress bar per epoch with batches, running
/// loss, throughput and remaining time; other lines scroll above it.</summary>
public sealed class LiveJobConsole : IJobConsole
{
    private readonly IAnsiConsole console;

    public LiveJobConsole(TextWriter output)
    {
        console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Interactive = InteractionSupport.Yes,
            Ansi = AnsiSupport.Detect,
        });
    }

    public void Line(string text) => console.WriteLine(text);

    public Task<T> RunWithProgressAsync<T>(Func<IJobProgress, Task<T>> work) =>
        console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(),
                     new ElapsedTimeColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(ctx => work(new LiveProgress(ctx)));

    private sealed class LiveProgress(ProgressContext context) : IJobProgress
    {
        private ProgressTask? task;
        private int epoch, totalEpochs;

        public void StartEpoch(int epoch, int totalEpochs, int? totalBatches)
        {
            (this.epoch, this.totalEpochs) = (epoch, totalEpochs);
            task = context.AddTask(Markup.Escape($"epoch {epoch}/{totalEpochs}"), maxValue: totalBatches ?? 1);
            task.IsIndeterminate = totalBatches is null;
        }

        public void Batch(int batchesDone, double loss, double samplesPerSecond)
        {
            if (task is null) return;
            task.Value = batchesDone;
            var lossText = double.IsNaN(loss) ? "loss –" : string.Create(CultureInfo.InvariantCulture, $"loss {loss:0.0000}");
            task.Description = Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                $"epoch {epoch}/{totalEpochs} {lossText} {samplesPerSecond:0} samples/s"));
        }

        public void EndEpoch()
        {
            if (task is null) return;
            task.IsIndeterminate = false;
            task.Value = task.MaxValue;
            task.StopTask();
        }
    }
}
