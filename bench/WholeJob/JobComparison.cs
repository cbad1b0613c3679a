using DataflowLung.Pipeline.Tasks;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using DataflowLung.Pipeline;
using DataflowLung.Experiments.Jobs;
using DataflowLung.Experiments.Parameters;
using LanguageExt;
using static LanguageExt.Prelude;

namespace DataflowLung.Bench.WholeJob;

/// <summary><c>job --data-root DIR [--datasets icbhi,jordan] [--epochs 3] [--batch 16] [--model mixednet] [--no-cache]
/// [--cache-root DIR] [--out DIR] [--anchor] [--untuned-anchor] [--anchor-one-arena] [--python /usr/bin/python3] [--workers 2] [--runner runner.dll]
/// [--rounds 1]</c>: the whole
/// pneumonia job end to end (the runner built in src/Runner/bin/Release unless <c>--runner</c> names one).
/// Runs <c>runner pneumonia</c> as a child process (so its peak RSS is its own) with mixup (label 1 × label 0,
/// quantity 0.5, λ ∈ [0.3, 0.7]) and the given settings, reads its metrics.csv, and prints a JSON object with the
/// per-epoch seconds and trainer wait fractions, total seconds, samples/s and peak RSS. The job's patient split is
/// written to OUT/split.json; with <c>--anchor</c> bench/anchors/pytorch_job.py then runs the same job on that split in
/// PyTorch, and the last line holds both objects and the ratio of their end-to-end times. The anchor runs tuned
/// (channels-last, validation in inference mode: its own defaults); <c>--untuned-anchor</c> switches those off, as
/// PyTorch runs out of the box. The anchor does not inherit the single malloc arena the runner starts with
/// (<c>NativeHeap</c>) unless <c>--anchor-one-arena</c> gives it the same. <c>--rounds N</c> runs the pair N times, each
/// runner run followed by its anchor run (so a noisy neighbour hits both sides alike), prints each pair's line as it
/// ends, and last a summary: every round's times, the medians, and the ratio of the medians.</summary>
public static class JobComparison
{
    public const string MixupJson = """[{"label_one":1,"label_two":0,"quantity":0.5,"minval":0.3,"maxval":0.7}]""";

    sealed record Options(string DataRoot, string Datasets, int Epochs, int Batch, string Model, string? CacheRoot, bool NoCache,
        string Out, bool Anchor, bool UntunedAnchor, string Python, int Workers, string? Runner, bool AnchorOneArena, int Rounds);

    /// <summary>The anchor's switches for PyTorch as it runs out of the box (its defaults are the tuned settings).</summary>
    static readonly string[] UntunedSwitches = ["--no-channels-last", "--no-inference-mode"];

    public static int Run(string[] args) => Parse(args).Match(Compare, e =>
    {
        Console.Error.WriteLine("job: " + e.Message);
        Console.Error.WriteLine("usage: bench job --data-root DIR [--datasets icbhi,jordan] [--epochs 3] [--batch 16] [--model mixednet] " +
                                "[--no-cache | --cache-root DIR] [--out DIR] [--anchor] [--untuned-anchor] [--anchor-one-arena] [--python /usr/bin/python3] [--workers 2] [--runner runner.dll] [--rounds 1]");
        return 2;
    });

    static int Compare(Options o)
    {
        string repo = RepositoryRoot();
        Directory.CreateDirectory(o.Out);
        string split = Path.Combine(o.Out, "split.json");
        var manifest = WriteSplit(o, split);
        if (manifest.IsFail) { Console.Error.WriteLine($"job: {manifest.Match(_ => "", e => e.Message)}"); return 2; }

        var rounds = new List<(JsonObject Runner, JsonObject? Both)>();
        for (int round = 0; round < o.Rounds; round++)
        {
            var runner = RunRunner(o, repo);
            if (runner is null) return 3;
            Console.WriteLine(runner.ToJsonString());
            if (!o.Anchor)
            {
                rounds.Add((runner, null));
                continue;
            }
            var both = RunAnchor(o, repo, split, runner);
            if (both is null) return 3;
            Console.WriteLine(both.ToJsonString());
            rounds.Add((runner, both));
        }
        if (o.Rounds > 1) Console.WriteLine(Summary(rounds).ToJsonString());
        return 0;
    }

    /// <summary>The anchor on the same split, and the pair's object (null when the anchor failed).</summary>
    static JsonObject? RunAnchor(Options o, string repo, string split, JsonObject runner)
    {
        var anchorRun = ChildRun.Start(o.Python, [Path.Combine(repo, "bench", "anchors", "pytorch_job.py"), "--manifest", split,
                "--epochs", $"{o.Epochs}", "--batch", $"{o.Batch}", "--model", o.Model, "--workers", $"{o.Workers}",
                .. o.UntunedAnchor ? UntunedSwitches : []],
            repo, line => Console.Error.WriteLine("[anchor] " + line),
            // PyTorch as it runs by default: not the single malloc arena this process was restarted with (NativeHeap),
            // unless asked for.
            unset: o.AnchorOneArena ? [] : [Model.Training.NativeHeap.ArenaVariable]);
        if (anchorRun.ExitCode != 0) { Console.Error.WriteLine($"job: the anchor exited with {anchorRun.ExitCode}"); return null; }
        var anchor = JsonNode.Parse(anchorRun.LastStdoutLine)!.AsObject();
        anchor["wall_seconds"] = Math.Round(anchorRun.WallSeconds, 2);
        anchor["cpu_seconds"] = Math.Round(anchorRun.CpuSeconds, 1);
        double ratio = anchorRun.WallSeconds / runner["total_seconds"]!.GetValue<double>();
        return new JsonObject
        {
            ["runner"] = runner.DeepClone(),
            ["anchor"] = anchor,
            ["speedup_end_to_end"] = Math.Round(ratio, 2),
            ["cpu_ratio"] = Math.Round(anchorRun.CpuSeconds / runner["cpu_seconds"]!.GetValue<double>(), 2),
            ["speedup_mean_epoch"] = Math.Round(anchor["epoch_seconds"]!.AsArray().Average(n => n!.GetValue<double>()) /
                                                runner["epoch_seconds"]!.AsArray().Average(n => n!.GetValue<double>()), 2),
        };
    }

    /// <summary>Every round's end-to-end seconds and peak RSS, their medians and the ratio of the medians.</summary>
    static JsonObject Summary(IReadOnlyList<(JsonObject Runner, JsonObject? Both)> rounds)
    {
        static JsonArray Array(IEnumerable<double> values) => new(values.Select(v => (JsonNode)v).ToArray());
        var ours = rounds.Select(r => r.Runner["total_seconds"]!.GetValue<double>()).ToArray();
        var summary = new JsonObject
        {
            ["rounds"] = rounds.Count,
            ["runner_total_seconds"] = Array(ours),
            ["runner_peak_rss_mb"] = Array(rounds.Select(r => r.Runner["peak_rss_mb"]!.GetValue<double>())),
            ["runner_median_seconds"] = StepStatistics.Median(ours),
        };
        if (rounds.All(r => r.Both is not null))
        {
            var anchors = rounds.Select(r => r.Both!["anchor"]!["wall_seconds"]!.GetValue<double>()).ToArray();
            summary["anchor_wall_seconds"] = Array(anchors);
            summary["anchor_median_seconds"] = StepStatistics.Median(anchors);
            summary["speedup_end_to_end_per_round"] = Array(rounds.Select(r => r.Both!["speedup_end_to_end"]!.GetValue<double>()));
            summary["speedup_end_to_end_of_medians"] = Math.Round(StepStatistics.Median(anchors) / StepStatistics.Median(ours), 2);
        }
        return summary;
    }

    static JsonObject? RunRunner(Options o, string repo)
    {
        string runnerDll = o.Runner ?? Path.Combine(repo, "src", "Runner", "bin", "Release", "net10.0", "runner.dll");
        if (!File.Exists(runnerDll)) { Console.Error.WriteLine($"job: {runnerDll} not found: dotnet build -c Release first"); return null; }
        string outRoot = Path.Combine(o.Out, "runner");
        var args = new List<string>
        {
            runnerDll, "pneumonia", "--data-root", o.DataRoot, "--datasets", o.Datasets, "--model", o.Model,
            "--epochs", $"{o.Epochs}", "--batch-size", $"{o.Batch}", "--out", outRoot, "--set", $"mixup={MixupJson}",
            // Every epoch runs: no early stop or LR change can make the two sides do different amounts of work.
            "--set", $"es_patience={o.Epochs + 1}",
        };
        if (o.NoCache) args.Add("--no-cache");
        else if (o.CacheRoot is not null) args.AddRange(["--set", $"cache_root={o.CacheRoot}"]);
        var before = Directory.Exists(outRoot) ? Directory.GetDirectories(outRoot, "*", SearchOption.AllDirectories).ToHashSet() : [];
        var run = ChildRun.Start("dotnet", args, repo, line => Console.Error.WriteLine("[runner] " + line));
        if (run.ExitCode != 0) { Console.Error.WriteLine($"job: runner exited with {run.ExitCode}"); return null; }
        var folder = Directory.GetFiles(outRoot, "metrics.csv", SearchOption.AllDirectories)
            .Select(Path.GetDirectoryName).First(d => !before.Contains(d!))!;
        var rows = MetricsCsv.Read(Path.Combine(folder, "metrics.csv"));
        double R(double v, int digits = 3) => Math.Round(v, digits);
        var seconds = rows.Select(r => r["seconds"]).ToArray();
        long samples = rows.Sum(r => (long)Math.Round(r["samples_per_second"] * r["seconds"]));
        return new JsonObject
        {
            ["impl"] = "dataflowlung runner",
            ["model"] = o.Model,
            ["epochs"] = rows.Count,
            ["batch"] = o.Batch,
            ["cache"] = o.NoCache ? "none" : o.CacheRoot ?? "default",
            ["epoch_seconds"] = new JsonArray(seconds.Select(s => (JsonNode)R(s, 2)).ToArray()),
            ["wait_fraction"] = new JsonArray(rows.Select(r => (JsonNode)R(r["wait_fraction"], 4)).ToArray()),
            ["train_samples"] = samples,
            ["samples_per_s"] = R(samples / seconds.Sum(), 2),
            ["total_seconds"] = R(run.WallSeconds, 2),
            ["cpu_seconds"] = R(run.CpuSeconds, 1),
            ["peak_rss_mb"] = R(run.PeakRssMb, 1),
            ["job_folder"] = folder,
        };
    }

    /// <summary>The runner's own split (same parameters, same code), for the anchor to train and validate on.</summary>
    static Fin<Unit> WriteSplit(Options o, string path)
    {
        var sources = new ParameterSources(TaskRegistry.Pneumonia, None,
            Seq(("datasets", o.Datasets), ("model", o.Model), ("epochs", $"{o.Epochs}"), ("batch_size", $"{o.Batch}")), o.DataRoot, o.Out);
        return ParameterResolver.Resolve(sources)
            .BiMap(p => p, e => LanguageExt.Common.Error.New(string.Join("; ", ParameterResolver.Problems(e))))
            .Bind(p => JobData.Load(p, o.DataRoot, Pipeline.Audio.AudioProbe.Of))
            .Map(data =>
            {
                static JsonArray Side(Seq<RecordingRef> side) => new(side.Map(r => (JsonNode)new JsonObject
                {
                    ["path"] = Path.GetFullPath(r.Path), ["patient"] = r.PatientKey, ["label"] = r.Labels.Pneumonia,
                }).ToArray());
                File.WriteAllText(path, new JsonObject { ["train"] = Side(data.Split.Train), ["validation"] = Side(data.Split.Validation) }
                    .ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
                return unit;
            });
    }

    static Fin<Options> Parse(string[] args)
    {
        string? dataRoot = Environment.GetEnvironmentVariable("DATAFLOWLUNG_DATA"), cacheRoot = null, runner = null;
        string datasets = "icbhi,jordan", model = "mixednet", python = "/usr/bin/python3";
        string outDir = Path.Combine(Path.GetTempPath(), "dataflowlung-bench-job");
        int epochs = 3, batch = 16, workers = 2, rounds = 1;
        bool noCache = false, anchor = false, untuned = false, oneArena = false;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--no-cache": noCache = true; continue;
                case "--anchor": anchor = true; continue;
                case "--untuned-anchor": anchor = untuned = true; continue;
                case "--anchor-one-arena": anchor = oneArena = true; continue;
            }
            if (i + 1 >= args.Length) return LanguageExt.Common.Error.New($"option {args[i]} needs a value");
            string v = args[++i];
            switch (args[i - 1])
            {
                case "--data-root": dataRoot = v; break;
                case "--datasets": datasets = v; break;
                case "--epochs": epochs = int.Parse(v, CultureInfo.InvariantCulture); break;
                case "--batch": batch = int.Parse(v, CultureInfo.InvariantCulture); break;
                case "--model": model = v; break;
                case "--cache-root": cacheRoot = v; break;
                case "--out": outDir = v; break;
                case "--python": python = v; break;
                case "--runner": runner = Path.GetFullPath(v); break;
                case "--workers": workers = int.Parse(v, CultureInfo.InvariantCulture); break;
                case "--rounds": rounds = int.Parse(v, CultureInfo.InvariantCulture); break;
                default: return LanguageExt.Common.Error.New($"unknown option {args[i - 1]}");
            }
        }
        if (dataRoot is null) return LanguageExt.Common.Error.New("--data-root DIR (or DATAFLOWLUNG_DATA) is required");
        if (rounds < 1) return LanguageExt.Common.Error.New("--rounds must be at least 1");
        return new Options(Path.GetFullPath(dataRoot), datasets, epochs, batch, model, cacheRoot, noCache, Path.GetFullPath(outDir), anchor, untuned, python, workers, runner, oneArena, rounds);
    }

    static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "DataflowLung.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("cannot find DataflowLung.sln above " + AppContext.BaseDirectory);
    }
}
