using DataflowLung.Pipeline.Tasks;
using System.Buffers.Binary;
using DataflowLung.Pipeline;
using DataflowLung.Pipeline.Audio;
using DataflowLung.Pipeline.Flow;
using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;

namespace DataflowLung.Tests.Flow;

/// <summary>Small deterministic stand-ins for the real stages, so the graph is tested on its own: a canonical
/// PCM16 reader, a fixed-window chunker, a framewise-energy extractor, a seeded gain augmenter and a pair mixer.</summary>
public static class FlowTestKit
{
    public const int Rate = 1000;
    public const int WindowSamples = 2 * Rate;
    public const int StepSamples = Rate;
    public const int FrameLength = 100;
    public const int Bands = 3;

    /// <summary>Reads the canonical 44-byte-header mono PCM16 files <see cref="WavWriter"/> writes. A missing file
    /// throws (as a careless real reader would); the graph must still turn that into a fault.</summary>
    public static Fin<Signal> DecodePcm16(RecordingRef recording)
    {
        byte[] bytes = File.ReadAllBytes(recording.Path);
        if (bytes.Length == 0) return FinFail<Signal>(Error.New("empty file"));
        if (bytes.Length < 44 || !bytes.AsSpan(0, 4).SequenceEqual("RIFF"u8) || !bytes.AsSpan(8, 4).SequenceEqual("WAVE"u8))
            return FinFail<Signal>(Error.New("not a RIFF/WAVE file"));
        int rate = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(24));
        int count = (bytes.Length - 44) / 2;
        var samples = new float[count];
        for (int i = 0; i < count; i++) samples[i] = BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(44 + 2 * i)) / 32768f;
        return new Signal(samples, rate);
    }

    /// <summary>Fixed windows, remainder dropped; crackles/wheezes need cycle annotations (a missing one is a fault).</summary>
    public static Func<RecordingRef, Signal, Fin<Seq<Chunk>>> Chunker(LearningTask task) => (recording, signal) =>
    {
        if (task == TaskRegistry.CracklesWheezes && recording.Cycles.IsNone)
            return FinFail<Seq<Chunk>>(Error.New("missing annotation file"));
        var labels = task == TaskRegistry.Pneumonia
            ? new[] { (float)recording.Labels.Pneumonia }
            : new[] { recording.Cycles.Map(c => c.Exists(x => x.Crackles) ? 1f : 0f).IfNone(0f), recording.Cycles.Map(c => c.Exists(x => x.Wheezes) ? 1f : 0f).IfNone(0f) };
        var chunks = new List<Chunk>();
        for (int start = 0, i = 0; start + WindowSamples <= signal.Samples.Length; start += StepSamples, i++)
            chunks.Add(new Chunk(recording, i, $"{recording.Name}_{i}", signal.Samples[start..(start + WindowSamples)], signal.SampleRate,
                (double)start / signal.SampleRate, (double)(start + WindowSamples) / signal.SampleRate, labels, false, false));
        return toSeq(chunks);
    };

    public static int ExpectedChunks(int samples) => samples < WindowSamples ? 0 : (samples - WindowSamples) / StepSamples + 1;

    public static FlowStages Stages(LearningTask? task = null, bool augment = false, IFeatureExtractor? extractor = null,
        Func<RecordingRef, Fin<Signal>>? decode = null) =>
        new(decode ?? DecodePcm16, "pcm16-test", Chunker(task ?? TaskRegistry.Pneumonia), extractor ?? new EnergyExtractor(), $"window {WindowSamples}/{StepSamples}, energy {FrameLength}×{Bands}",
            augment ? Gain : null, augment ? MixPairs : null);

    /// <summary>One louder or quieter copy per chunk, the gain drawn from the seed.</summary>
    public static Seq<Chunk> Gain(Chunk chunk, long seed)
    {
        float gain = 0.5f + (float)new Random((int)(seed & 0x7FFFFFFF)).NextDouble() * 1.5f;
        var samples = chunk.Samples.Select(x => x * gain).ToArray();
        return Seq1(chunk with { Samples = samples, Name = chunk.Name + "_gain", Augmentation = "gain" });
    }

    /// <summary>Mixes item i with item i + n/2 of the window when their first labels differ (a stand-in for mixup), λ drawn from the seed.</summary>
    public static IReadOnlyList<Features> MixPairs(IReadOnlyList<Features> window, long seed)
    {
        var random = new Random((int)(seed & 0x7FFFFFFF));
        var mixed = new List<Features>();
        int half = window.Count / 2;
        for (int i = 0; i < half; i++)
        {
            var (a, b) = (window[i], window[i + half]);
            if (a.Labels[0] == b.Labels[0]) continue;
            float l = (float)random.NextDouble();
            mixed.Add(a with
            {
                Values = a.Values.Zip(b.Values, (x, y) => l * x + (1 - l) * y).ToArray(),
                Labels = a.Labels.Zip(b.Labels, (x, y) => l * x + (1 - l) * y).ToArray(),
                Name = $"{a.Name}+{b.Name}",
                Augmentation = "mixup",
            });
        }
        return mixed;
    }

    /// <summary>Writes <paramref name="count"/> mono PCM16 recordings of 2.5–9.5 s (noise + a tone, seeded) and returns their refs.</summary>
    public static List<RecordingRef> WriteCorpus(string folder, int count, int seed = 1)
    {
        Directory.CreateDirectory(folder);
        var random = new Random(seed);
        var refs = new List<RecordingRef>();
        for (int i = 0; i < count; i++)
        {
            int samples = (int)((2.5 + random.NextDouble() * 7) * Rate);
            double frequency = 50 + 20 * i;
            var audio = new float[samples];
            for (int t = 0; t < samples; t++) audio[t] = (float)(0.4 * Math.Sin(2 * Math.PI * frequency * t / Rate) + 0.1 * (random.NextDouble() - 0.5));
            string name = $"rec{i:D3}";
            string path = Path.Combine(folder, name + ".wav");
            WavWriter.Write(path, audio, Rate);
            var cycles = Seq1(new CycleAnnotation(0, 1.5, i % 2 == 0, i % 3 == 0));
            refs.Add(new RecordingRef("synthetic", path, name, $"p{i / 2}", new RecordingLabels(i % 3 == 0 ? 1 : 0), Some(cycles)));
        }
        return refs;
    }

    public static int SampleCount(RecordingRef recording) => (int)((new FileInfo(recording.Path).Length - 44) / 2);

    public static string TempFolder(string purpose)
    {
        string path = Path.Combine(Path.GetTempPath(), "dataflowlung-flow-tests", $"{purpose}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return path;
    }

    public static async Task<List<Batch>> Collect(FlowRun run)
    {
        var batches = new List<Batch>();
        await foreach (var batch in run) batches.Add(batch);
        return batches;
    }

    public static FlowParams SmallParams(long seed = 7, int decodeParallelism = 2) => new(
        BatchSize: 4, ValidationBatchSize: 5, FeatureBatchSize: 3, ShuffleWindow: 6, Seed: seed,
        Parallelism: new FlowParallelism(decodeParallelism, 2, 2, 2, 2, 1),
        RecordingCapacity: 2, ChunkCapacity: 4, BatchCapacity: 2);
}

/// <summary>Mean |x|^(b+1) per frame and band b: cheap, deterministic and sensitive to every sample.</summary>
public sealed class EnergyExtractor(int delayMilliseconds = 0) : IFeatureExtractor
{
    int chunksSeen;

    public int ChunksSeen => Volatile.Read(ref chunksSeen);

    public IReadOnlyList<Features> Extract(IReadOnlyList<Chunk> chunks)
    {
        if (chunks.Select(c => c.Samples.Length).Distinct().Count() != 1) throw new InvalidOperationException("chunks of different lengths in one feature batch");
        Interlocked.Add(ref chunksSeen, chunks.Count);
        if (delayMilliseconds > 0) Thread.Sleep(delayMilliseconds);
        return chunks.Select(c =>
        {
            int frames = c.Samples.Length / FlowTestKit.FrameLength;
            var values = new float[FlowTestKit.Bands * frames];
            for (int b = 0; b < FlowTestKit.Bands; b++)
            for (int t = 0; t < frames; t++)
            {
                double sum = 0;
                for (int k = 0; k < FlowTestKit.FrameLength; k++) sum += Math.Pow(Math.Abs(c.Samples[t * FlowTestKit.FrameLength + k]), b + 1);
                values[b * frames + t] = (float)(sum / FlowTestKit.FrameLength);
            }
            return ChunkFeatures.From(c, values, FlowTestKit.Bands, frames);
        }).ToArray();
    }
}
