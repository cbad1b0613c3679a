using DataflowLung.Pipeline.Tasks;
using DataflowLung.Pipeline.Audio;
using System.CommandLine;
using System.Globalization;
using DataflowLung.Pipeline;
using DataflowLung.Pipeline.Datasets;
using DataflowLung.Experiments.CrossValidation;
using DataflowLung.Experiments.Data;
using DataflowLung.Experiments.Jobs;
using DataflowLung.Experiments.Splits;
using DataflowLung.Experiments.Parameters;
using Spectre.Console;
using static LanguageExt.Prelude;

namespace DataflowLung.Runner.Cli.Commands;

/// <summary><c>runner datasets</c>: what each dataset folder holds, as a job would see it (recordings, patients,
/// duration, sample rates, classes per level, chunks for the task, skipped files with reasons).</summary>
public static class DatasetsCommand
{
    public static Command Create(CliContext ctx)
    {
        var options = new JobOptions();
        var task = new Option<string>("--task") { Description = $"Count classes and chunks for this task: {TaskRegistry.NameList}", DefaultValueFactory = _ => TaskRegistry.All.Head.Name };
        task.AcceptOnlyFromAmong([.. TaskRegistry.Names]);
        var command = new Command("datasets", "Summarise dataset folders: recordings, patients, classes, chunks and skipped files");
        foreach (var o in new System.CommandLine.Option[] { options.Datasets, options.DataRoot, options.Config, options.Set, options.Testing, task, options.CrossValidation, options.Repeats })
            command.Options.Add(o);
        command.SetAction((ParseResult r, CancellationToken _) =>
        {
            var learning = TaskRegistry.Find(r.GetValue(task)!).IfNone(TaskRegistry.All.Head);
            return Task.FromResult(JobSetup.Prepare(options.Request(r), learning, ctx.Environment, writesJobFolder: false).Match(
                Succ: prepared => Summarise(prepared.Parameters, prepared.Root, ctx),
                Fail: e => OutcomeExit.Of(e, "cannot read the datasets:", ctx.Error)));
        });
        return command;
    }

    private static int Summarise(JobParameters p, DataRoot root, CliContext ctx)
    {
        // One probe memo for the summaries and the fold plan: each header is read once.
        JobData.Probe probe = new JobCaches().Probe;
        var scans = DatasetRegistry.ScanAll(root.Path, string.Join(",", p.Datasets), p.DatasetOptions);
        return scans.Match(
            Succ: all =>
            {
                foreach (var scan in all)
                {
                    var s = DatasetSummary.Of(scan, probe.Invoke, p.Chunk, p.Task, p.Features.SampleRate);
                    Rendering.Write(ctx, Table(s, root.DatasetFolder(scan.Dataset)));
                    foreach (var skipped in s.Skipped) ctx.Out.WriteLine($"  skipped {skipped.Path}: {skipped.Reason}");
                    foreach (var warning in s.Warnings) ctx.Out.WriteLine($"  warning: {warning}");
                    ctx.Out.WriteLine();
                }
                return p.Split.CrossValidation ? Folds(p, root, probe, ctx) : ExitCodes.Success;
            },
            Fail: e => ParameterErrors.Report(ctx.Error, "cannot read the datasets:", Seq1(e.Message), ExitCodes.MissingData));
    }

    /// <summary>With <c>--cv K</c>: the fold plan a cross-validation would use on these recordings, each fold's
    /// validation patients with their labels.</summary>
    private static int Folds(JobParameters p, DataRoot root, JobData.Probe probe, CliContext ctx)
    {
        var plan = JobData.PlanFolds(p, root.Path, probe).Map(x => (folds: x.Plan, usable: x.Usable));
        return plan.Match(
            Succ: x =>
            {
                ctx.Out.WriteLine($"cross-validation: {x.folds.Note}");
                var patients = RecordingFingerprints.Patients(x.usable, p.Task).ToDictionary(q => q.Key, StringComparer.Ordinal);
                for (int i = 0; i < x.folds.Count; i++)
                {
                    var (repeat, fold) = x.folds.Position(i);
                    ctx.Out.WriteLine("  " + FoldListing.Line(i, repeat, fold, x.folds.Repeats, x.folds.Validation[i].Select(k => patients[k]).ToArray(), p.Task.Name));
                }
                return ExitCodes.Success;
            },
            Fail: e => ParameterErrors.Report(ctx.Error, "cannot plan the folds:", Seq1(e.Message), ExitCodes.MissingData));
    }

    private static Table Table(DatasetSummary s, string folder)
    {
        static string Counts(LanguageExt.Seq<ClassCount> counts) => string.Join(", ", counts.Map(c => $"{c.Class} {c.Count}"));
        var table = new Table().Title(Markup.Escape($"{s.Dataset} ({folder})")).AddColumn("measure").AddColumn("value");
        void Row(string name, string value) => table.AddRow(Markup.Escape(name), Markup.Escape(value));
        Row("recordings", s.Recordings.ToString(CultureInfo.InvariantCulture));
        Row("patients", s.Patients.ToString(CultureInfo.InvariantCulture));
        Row("duration", TimeSpan.FromSeconds(s.TotalSeconds).ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture));
        Row("sample rates (Hz)", string.Join(", ", s.SampleRates));
        Row("recordings: pneumonia", Counts(s.RecordingPneumonia));
        Row("patients: pneumonia", Counts(s.PatientPneumonia));
        Row("recordings: crackles/wheezes", Counts(s.RecordingCracklesWheezes));
        Row("annotated cycles", Counts(s.Cycles));
        Row($"chunks for {s.Task.Name} at {s.TargetSampleRate} Hz", $"{s.Chunks} ({Counts(s.ChunkClasses)})");
        foreach (var detail in s.Details) Row(detail.Name, detail.Value);
        Row("files skipped", s.Skipped.Count.ToString(CultureInfo.InvariantCulture));
        return table;
    }
}
