using System.Diagnostics;
using System.Globalization;
using DataflowLung.Kernels;

namespace DataflowLung.Bench.Features;

/// <summary>Plain throughput mode: <c>features [--seconds S | --clips N] [--backend auto|cpu|ilgpu|reference]
/// [--batch B]</c> on seeded random 10 s, 8 kHz clips at the default parameters. Prints progress to stderr and,
/// as its last stdout line, {"clips_per_s":..,"audio_seconds_per_s":..} (same shape as
/// bench/anchors/torchaudio_mel.py).</summary>
public static class FeaturesThroughput
{
    const int SampleRate = 8000, ClipSeconds = 10, ClipSamples = SampleRate * ClipSeconds;

    public static int Run(string[] args)
    {
        double seconds = 20;
        long clipsTarget = 0;
        int batch = 64;
        var kind = FeatureBackendKind.Auto;
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            string value = args[i + 1];
            switch (args[i])
            {
                case "--seconds": seconds = double.Parse(value, CultureInfo.InvariantCulture); break;
                case "--clips": clipsTarget = long.Parse(value, CultureInfo.InvariantCulture); break;
                case "--batch": batch = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--backend": kind = Enum.Parse<FeatureBackendKind>(value, ignoreCase: true); break;
                default: Console.Error.WriteLine($"features: unknown option {args[i]}"); return 2;
            }
        }
        if (args.Length % 2 != 0) { Console.Error.WriteLine($"features: option {args[^1]} needs a value"); return 2; }

        var p = FeatureParams.Default;
        using var backend = FeatureBackends.Create(kind, p, ClipSamples);
        var clips = new float[batch * ClipSamples];
        var rng = new Random(42);
        for (int i = 0; i < clips.Length; i++) clips[i] = (float)(rng.NextDouble() * 2 - 1);
        var output = new float[batch * p.NMels * backend.Frames];

        backend.Compute(clips, batch, output); // warm-up: JIT, kernel compilation, buffer allocation
        long done = 0;
        long gcBefore = GC.GetTotalAllocatedBytes(precise: true);
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        while (clipsTarget > 0 ? done < clipsTarget : clock.Elapsed.TotalSeconds < seconds)
        {
            backend.Compute(clips, batch, output);
            done += batch;
        }
        double elapsed = clock.Elapsed.TotalSeconds;
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - gcBefore;
        // CPU time makes runs on a shared, loaded machine comparable: clips per CPU-second.
        double cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
        double clipsPerSecond = done / elapsed;
        Console.Error.WriteLine($"backend {backend.Name}, batch {batch}, {done} clips in {elapsed:F2} s, {Environment.ProcessorCount} cores, " +
                                $"{allocated / Math.Max(1, done / batch)} bytes allocated per batch, {done / cpuSeconds:F1} clips per CPU-second");
        Console.WriteLine(FormattableString.Invariant(
            $"{{\"backend\":\"{backend.Name}\",\"clips_per_s\":{clipsPerSecond:F1},\"audio_seconds_per_s\":{clipsPerSecond * ClipSeconds:F1}}}"));
        return 0;
    }
}
