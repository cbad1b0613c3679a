using DataflowLung.Kernels;
using DataflowLung.Pipeline;
using DataflowLung.Pipeline.Audio;
using DataflowLung.Pipeline.Synthetic;
using DataflowLung.Tests.Support;
using static LanguageExt.Prelude;

namespace DataflowLung.Tests.Model;

/// <summary>Small batches of realistic model input: log-mel spectrograms made by the project's CPU feature backend
/// (torchaudio conventions, natural log) from consecutive pieces of a real ICBHI recording resampled to 8 kHz, or,
/// when the recordings are absent, from the synthetic lung-sound generator. Sizes are small (64 mels, 1.5 s → 48
/// frames) so float64 reference passes stay fast; every registered model accepts them.</summary>
internal static class LogMelBatches
{
    public const int Mels = 64;
    public const int ClipSamples = 12_000; // 1.5 s at 8 kHz
    public const string Recording = "icbhi/104_1b1_Al_sc_Litt3200.wav"; // patient 104 (COPD), 4 kHz 16-bit

    public static FeatureParams Features { get; } = FeatureParams.Default with { NMels = Mels };

    public static int Frames { get; } = Features.Frames(ClipSamples);

    /// <summary>Where the audio came from (for assertion messages).</summary>
    public static string Source => TestData.Root is { } root && File.Exists(Path.Combine(root, Recording)) ? Recording : "synthetic lung sound";

    /// <summary><paramref name="size"/> chunks, labels alternating 1, 0, … (one output) or the bits of the index (two).</summary>
    public static Batch Make(int size, int outputs = 1, int offsetChunks = 0)
    {
        var audio = Audio(ClipSamples * (size + offsetChunks));
        var clips = audio.AsSpan(ClipSamples * offsetChunks, ClipSamples * size);
        using var backend = FeatureBackends.Create(FeatureBackendKind.Cpu, Features, ClipSamples);
        var inputs = new float[size * Mels * backend.Frames];
        backend.Compute(clips, size, inputs);
        var labels = Enumerable.Range(0, size).SelectMany(i => Enumerable.Range(0, outputs).Select(o => (float)(((i + 1) >> o) & 1))).ToArray();
        var recording = new RecordingRef("icbhi", Recording, "104_1b1_Al_sc_Litt3200", "104", new RecordingLabels(0), None);
        return new Batch(inputs, size, Mels, backend.Frames, labels, outputs,
            Enumerable.Range(0, size).Select(i => $"104_1b1_Al_sc_Litt3200_{i + offsetChunks}").ToArray(),
            Enumerable.Repeat(recording, size).ToArray());
    }

    private static float[] Audio(int samples)
    {
        float[] source;
        if (TestData.Root is { } root && File.Exists(Path.Combine(root, Recording)))
            source = AudioLoader.LoadMono(Path.Combine(root, Recording), Features.SampleRate)
                .Match(s => s.Samples, e => throw new InvalidOperationException(e.Message));
        else
            source = LungSoundSynth.Breathing(BreathProfile.Pneumonia, (double)samples / Features.SampleRate + 1, Features.SampleRate, new Random(104)).Samples;
        if (source.Length < samples) throw new InvalidOperationException($"{Source} has {source.Length} samples, fewer than the {samples} asked for");
        return source[..samples];
    }
}
