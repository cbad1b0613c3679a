using DataflowLung.Pipeline.Tasks;
using System.Globalization;
using DataflowLung.Pipeline;
using DataflowLung.Pipeline.Audio;
using DataflowLung.Pipeline.Augment;
using DataflowLung.Pipeline.Datasets;
using DataflowLung.Pipeline.Stages;
using DataflowLung.Tests.Support;
using TestData = DataflowLung.Tests.Support.TestData;
using FsCheck;
using FsCheck.Xunit;
using LanguageExt;
using static LanguageExt.Prelude;

namespace DataflowLung.Tests.Datasets;

/// <summary>The cycles task's samples: one per annotation line, fitted to 8 s by the papers' repeat recipe, one-hot
/// labels; on the real ICBHI annotations and as properties of the fit.</summary>
public sealed class CycleChunkingTests
{
    const int Rate = 16000;
    static readonly ChunkParams Cycles = new(AudioLengthSeconds: 8.0, StepSeconds: 8.0, PerCycle: true, CycleFit: CycleFit.Repeat);

    [SkippableFact]
    public void Every_annotated_cycle_of_the_real_icbhi_recordings_gives_one_sample_in_annotation_order()
    {
        var folder = TestData.Dataset("icbhi");
        Skip.If(folder is null, TestData.SkipReason);
        var scan = IcbhiAdapter.Scan(folder!, new DatasetOptions()).ThrowIfFail();
        int total = 0;
        foreach (var rec in scan.Recordings)
        {
            var lines = File.ReadLines(Path.ChangeExtension(rec.Path, ".txt")).Where(l => l.Trim().Length > 0)
                .Select(l => l.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToArray();
            var signal = AudioLoader.LoadMono(rec.Path, Rate).ThrowIfFail();
            var chunks = Chunker.Chunk(rec, signal.Samples, Rate, Cycles, TaskRegistry.Cycles);
            Assert.Equal(lines.Length, chunks.Count);
            for (int i = 0; i < lines.Length; i++)
            {
                var c = chunks[i];
                Assert.Equal($"{rec.Name}_c{i}", c.Name);
                Assert.Equal(8 * Rate, c.Samples.Length);
                Assert.Equal(double.Parse(lines[i][0], CultureInfo.InvariantCulture), c.StartSeconds, 3);
                int expected = CycleLabeler.ClassIndex(lines[i][2] == "1", lines[i][3] == "1");
                Assert.Equal(ClassIndex.OneHot(TaskRegistry.Cycles.ClassCount, expected), c.Labels);
            }
            // the census the trainer's class weights come from counts the same samples, without audio
            var probe = WavReader.Probe(rec.Path).ThrowIfFail();
            int samples = (int)Resampler.OutputLength(probe.Frames, probe.SampleRate, Rate);
            Assert.Equal(chunks.Map(c => c.Labels), Chunker.LabelsOnly(rec, samples, Rate, Cycles, TaskRegistry.Cycles));
            total += chunks.Count;
        }
        Assert.Equal(126, total);
        var census = ClassCensus.Count(scan.Recordings, TaskRegistry.Cycles, Rate, Cycles);
        Assert.Equal(new long[] { 91, 9, 25, 1 }, census.PerClass);
        var binary = ClassCensus.Count(scan.Recordings, new CyclesTask(CyclesTask.TwoClasses), Rate, Cycles);
        Assert.Equal(new long[] { 91, 35 }, binary.PerClass);
    }

    [Fact]
    public void The_cycles_task_is_per_cycle_even_when_per_cycle_is_off_and_recordings_without_cycles_fall_back_to_windows()
    {
        var cycles = Seq(new CycleAnnotation(0.5, 1.5, true, false), new CycleAnnotation(1.5, 3.0, true, true));
        var rec = Recordings.Plain("r") with { Cycles = Some(cycles) };
        var samples = Enumerable.Range(0, 4 * 100).Select(i => (float)Math.Sin(i)).ToArray();
        var p = new ChunkParams(AudioLengthSeconds: 2.0, StepSeconds: 2.0);
        var chunks = Chunker.Chunk(rec, samples, 100, p, new CyclesTask(CyclesTask.TwoClasses));
        Assert.Equal(new[] { "r_c0", "r_c1" }, chunks.Map(c => c.Name).ToArray());
        Assert.All(chunks, c => Assert.Equal(new float[] { 0, 1 }, c.Labels));
        var unannotated = Recordings.Plain("u") with { Labels = new RecordingLabels(0, false, true) };
        var windows = Chunker.Chunk(unannotated, samples, 100, p, TaskRegistry.Cycles);
        Assert.Equal(new[] { "u_0", "u_99" }, windows.Map(c => c.Name).ToArray());
        Assert.All(windows, c => Assert.Equal(ClassIndex.OneHot(TaskRegistry.Cycles.ClassCount, 2), c.Labels));
    }

    [Property(MaxTest = 100)]
    public bool A_short_cycle_is_repeated_to_the_length_and_faded_out(PositiveInt cycleSeed, PositiveInt startSeed, int seed)
    {
        const int rate = 1600, target = 800, fade = rate / 16; // 100-sample fades
        var random = new System.Random(seed);
        var recording = Enumerable.Range(0, 3000).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        int n = 1 + cycleSeed.Get % (target - 1), from = startSeed.Get % (recording.Length - n);
        var buffer = new float[target];
        bool padded = CycleRepeatFit.Fill(recording, from, from + n, buffer, rate);
        bool faded = Math.Abs(buffer[^1]) < 1e-12;
        bool periodic = Enumerable.Range(0, target).Where(i => i >= n && i < target - fade).All(i => buffer[i] == buffer[i - n]);
        bool prefix = Enumerable.Range(0, Math.Min(n, target - fade))
            .All(i => Math.Abs(buffer[i] - recording[from + i] * CycleRepeatFit.RecordingGain(from + i, recording.Length, fade)) < 1e-7);
        return padded && faded && periodic && prefix;
    }

    [Property(MaxTest = 50)]
    public bool A_long_cycle_keeps_its_first_samples(PositiveInt extraSeed, PositiveInt startSeed)
    {
        const int rate = 1600, target = 500;
        var recording = Enumerable.Range(0, 4000).Select(i => (float)Math.Cos(i * 0.01)).ToArray();
        int n = target + 1 + extraSeed.Get % 1000, from = startSeed.Get % (recording.Length - n);
        var buffer = new float[target];
        bool padded = CycleRepeatFit.Fill(recording, from, from + n, buffer, rate);
        return !padded && Enumerable.Range(0, target)
            .All(i => buffer[i] == recording[from + i] * CycleRepeatFit.RecordingGain(from + i, recording.Length, rate / 16));
    }

    [Fact]
    public void The_recording_fade_follows_torchaudio_linear_fade()
    {
        // torchaudio.transforms.Fade(fade_in_len=4, fade_out_len=4, 'linear') on 10 ones: 0, 1/3, 2/3, 1, 1, 1, 1, 2/3, 1/3, 0
        var gains = Enumerable.Range(0, 10).Select(i => CycleRepeatFit.RecordingGain(i, 10, 4)).ToArray();
        Assert.Equal(new[] { 0f, 1f / 3, 2f / 3, 1f, 1f, 1f, 1f, 2f / 3, 1f / 3, 0f }, gains, new FloatTolerance(1e-6f));
    }

    sealed class FloatTolerance(float tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float a, float b) => Math.Abs(a - b) <= tolerance;
        public int GetHashCode(float v) => 0;
    }
}
