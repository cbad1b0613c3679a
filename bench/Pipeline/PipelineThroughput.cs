using DataflowLung.Pipeline.Tasks;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using DataflowLung.Kernels;
using DataflowLung.Pipeline;
using DataflowLung.Pipeline.Audio;
using DataflowLung.Pipeline.Datasets;
using DataflowLung.Pipeline.Flow;
using LanguageExt;
using static LanguageExt.Prelude;

namespace DataflowLung.Bench;

/// <summary>Throughput mode of the whole data graph, up to batches (no training):
/// <c>pipeline --data-root DIR [--datasets icbhi,jordan] [--seconds S] [--backend auto|cpu|ilgpu|reference]
/// [--task pneumonia|cw] [--batch B] [--feature-batch F] [--cache none|memory] [--training]</c>.
/// Real recordings are scanned by the dataset adapters, decoded + resampled to 8 kHz, chunked (10 s / 5 s),
/// turned into log-mel features by the kernel backend and batched, epoch after epoch until S seconds have passed
/// (at least one epoch). <c>--cache none</c> (default) disables the signal and feature caches so every epoch does
/// the full work; <c>memory</c> measures cached epochs. Prints each epoch's report to stderr and, as the last stdout
/// line, {"recordings_per_s":..,"chunks_per_s":..,"audio_seconds_per_s":..,"peak_working_set_mb":..,...}.
/// <c>--consumer-ms N [--consumer-threads T]</c> stands in for a trainer: each batch keeps T threads (default 2, as
/// libtorch on 2 cores) busy for N ms (e.g. mixednet's step time from <c>bench train</c>), so the graph competes for the
/// cores as it does in a job; the JSON then adds the consumer's wait fraction per epoch (<c>--prefetch</c>: decode ahead
/// as the runner does).</summary>
public static class PipelineThroughput
{
    const int SampleRate = 8000;

    public static int Run(string[] args)
    {
        string? dataRoot = Environment.GetEnvironmentVariable("DATAFLOWLUNG_DATA");
        string datasets = "icbhi,jordan", cache = "none";
        double seconds = 20;
        var kind = FeatureBackendKind.Auto;
        LearningTask task = TaskRegistry.Pneumonia;
        int batch = 16, featureBatch = 32;
        bool training = false, prefetch = false;
        int consumerMs = 0, consumerThreads = 2;
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--training") { training = true; continue; }
            if (args[i] == "--prefetch") { prefetch = true; continue; }
            if (i + 1 >= args.Length) { Console.Error.WriteLine($"pipeline: option {args[i]} needs a value"); return 2; }
            string value = args[++i];
            switch (args[i - 1])
            {
                case "--data-root": dataRoot = value; break;
                case "--datasets": datasets = value; break;
                case "--seconds": seconds = double.Parse(value, CultureInfo.InvariantCulture); break;
                case "--backend": kind = Enum.Parse<FeatureBackendKind>(value, ignoreCase: true); break;
                case "--task": task = TaskRegistry.Find(value).IfNone(() => throw new ArgumentException($"--task must be {TaskRegistry.NameList} (got {value})")); break;
                case "--batch": batch = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--feature-batch": featureBatch = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--consumer-ms": consumerMs = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--consumer-threads": consumerThreads = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--cache": cache = value is "none" or "memory" ? value : throw new ArgumentException($"--cache must be none or memory (got {value})"); break;
                default: Console.Error.WriteLine($"pipeline: unknown option {args[i - 1]}"); return 2;
            }
        }
        if (dataRoot is null) { Console.Error.WriteLine("pipeline: --data-root DIR (or DATAFLOWLUNG_DATA) is required"); return 2; }

        var scans = DatasetRegistry.ScanAll(dataRoot, datasets, new DatasetOptions());
        if (scans.Case is not Seq<DatasetScan> found) { Console.Error.WriteLine($"pipeline: {scans.Match(_ => "", e => e.Message)}"); return 1; }
        var recordings = found.Bind(s => s.Recordings).ToArray();
        Console.Error.WriteLine($"{recordings.Length} recordings from {datasets} under {dataRoot}");

        var chunkParams = new ChunkParams();
        var features = FeatureParams.Default with { SampleRate = SampleRate };
        using var backend = FeatureBackends.Create(kind, features, Chunker.WindowSamples(SampleRate, chunkParams));
        var seconds8k = new ConcurrentDictionary<string, double>(StringComparer.Ordinal);
        var stages = new FlowStages(
            Decode: r => AudioLoader.LoadMono(r.Path, SampleRate).Map(s => { seconds8k[r.Path] = s.DurationSeconds; return s; }),
            DecodeIdentity: $"wav→mono→{SampleRate} Hz",
            ChunkAndLabel: (r, s) => FinSucc(Chunker.Chunk(r, s.Samples, s.SampleRate, chunkParams, task)),
            Features: new BackendFeatureExtractor(backend),
            FeatureIdentity: $"{chunkParams} {features}");
        long cacheBytes = cache == "memory" ? 512L << 20 : 0;
        var flow = new DataFlow(stages, new FlowParams(BatchSize: batch, ValidationBatchSize: batch, FeatureBatchSize: featureBatch,
            SignalCacheBytes: cacheBytes, FeatureCacheBytes: cacheBytes));

        long recordingsDone = 0, chunksDone = 0;
        double audioSeconds = 0;
        int epoch = 0;
        FlowReport? first = null;
        var waits = new List<double>();
        var clock = Stopwatch.StartNew();
        if (prefetch) _ = flow.Prefetch(recordings, 0, training);
        do
        {
            var run = flow.Epoch(recordings, epoch, training);
            var report = DrainAsync(run, consumerMs, consumerThreads).GetAwaiter().GetResult();
            waits.Add(report.ConsumerWaitFraction);
            first ??= report;
            recordingsDone += report.RecordingsOk;
            chunksDone += report.Chunks;
            var failed = report.Faults.Select(f => f.File).ToHashSet(StringComparer.Ordinal);
            audioSeconds += recordings.Where(r => !failed.Contains(r.Path)).Sum(r => seconds8k.GetValueOrDefault(r.Path));
            Console.Error.Write(report.Describe());
            using (var now = Process.GetCurrentProcess())
                Console.Error.WriteLine(FormattableString.Invariant(
                    $"  memory after epoch {epoch}: working set {now.WorkingSet64 / 1048576.0:F0} MB (peak {now.PeakWorkingSet64 / 1048576.0:F0} MB), managed heap {GC.GetGCMemoryInfo().HeapSizeBytes / 1048576.0:F0} MB, live {GC.GetTotalMemory(false) / 1048576.0:F0} MB"));
            epoch++;
        } while (clock.Elapsed.TotalSeconds < seconds);
        double elapsed = clock.Elapsed.TotalSeconds;

        using var self = Process.GetCurrentProcess();
        self.Refresh();
        string json = string.Join(",",
            FormattableString.Invariant($"\"backend\":\"{backend.Name}\",\"cache\":\"{cache}\",\"epochs\":{epoch},\"recordings\":{recordings.Length},\"faults\":{first!.Faults.Count}"),
            FormattableString.Invariant($"\"recordings_per_s\":{recordingsDone / elapsed:F2},\"chunks_per_s\":{chunksDone / elapsed:F2},\"audio_seconds_per_s\":{audioSeconds / elapsed:F1}"),
            FormattableString.Invariant($"\"first_epoch_s\":{first.Elapsed.TotalSeconds:F2},\"bottleneck\":\"{first.Bottleneck}\",\"cores\":{Environment.ProcessorCount}"),
            FormattableString.Invariant($"\"peak_working_set_mb\":{self.PeakWorkingSet64 / (1024.0 * 1024.0):F1}"),
            FormattableString.Invariant($"\"consumer_ms\":{consumerMs},\"consumer_threads\":{consumerThreads},\"prefetch\":{(prefetch ? "true" : "false")}"),
            "\"wait_fraction\":[" + string.Join(",", waits.Select(w => w.ToString("F4", CultureInfo.InvariantCulture))) + "]");
        Console.WriteLine("{" + json + "}");
        return 0;
    }

    /// <summary>The consumer does nothing with a batch (the graph alone is measured) or, with a step time, keeps
    /// <paramref name="threads"/> threads busy that long per batch, as a trainer would.</summary>
    static async Task<FlowReport> DrainAsync(FlowRun run, int stepMs, int threads)
    {
        await using (run)
        {
            await foreach (var _ in run)
                if (stepMs > 0) Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, _ => Spin(stepMs));
            return await run.Completion;
        }
    }

    static void Spin(int milliseconds)
    {
        var clock = Stopwatch.StartNew();
        double x = 1;
        while (clock.ElapsedMilliseconds < milliseconds) x = Math.Sqrt(x + 1);
        GC.KeepAlive(x);
    }
}
