using DataflowLung.Pipeline.Tasks;
using System.Diagnostics;
using DataflowLung.Kernels;
using DataflowLung.Model.Checkpoints;
using DataflowLung.Model.Models;
using DataflowLung.Model.Training;
using DataflowLung.Pipeline;
using DataflowLung.Pipeline.Audio;
using DataflowLung.Pipeline.Datasets;

namespace DataflowLung.Tests.Runner;

/// <summary>Generated inputs for the hostile-input CLI tests: recordings as a clinic would hand them over (5 s,
/// 44.1 kHz, 16-bit mono), broken ones (truncated, NaN samples, not audio), and things that are not recordings at
/// all (a FIFO, links, loops); plus an untrained tiny model checkpoint, which is all <c>predict</c> and
/// <c>evaluate</c> need to exercise their input handling without a training run.</summary>
internal static class HostileFiles
{
    /// <summary>A breath-like noise burst, reproducible from the seed.</summary>
    public static float[] Sound(double seconds, int sampleRate, int seed = 1)
    {
        var random = new Random(seed);
        var samples = new float[(int)Math.Round(seconds * sampleRate)];
        for (int i = 0; i < samples.Length; i++)
        {
            double t = (double)i / sampleRate;
            samples[i] = (float)(0.3 * Math.Sin(2 * Math.PI * 0.3 * t) * (random.NextDouble() - 0.5) + 0.05 * Math.Sin(2 * Math.PI * 180 * t));
        }
        return samples;
    }

    public static string Wav(string path, double seconds, int sampleRate = 44100, WavSampleFormat format = WavSampleFormat.Pcm16, int seed = 1)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        WavWriter.Write(path, Sound(seconds, sampleRate, seed), sampleRate, format);
        return path;
    }

    /// <summary>A 32-bit float WAV whose every <paramref name="every"/>-th sample is NaN (every sample when 1).</summary>
    public static string NaNWav(string path, double seconds, int every, int sampleRate = 8000)
    {
        var samples = Sound(seconds, sampleRate);
        for (int i = 0; i < samples.Length; i += every) samples[i] = float.NaN;
        WavWriter.Write(path, samples, sampleRate, WavSampleFormat.Float32);
        return path;
    }

    /// <summary>A WAV cut to <paramref name="keep"/> of its bytes: its data chunk claims more than the file holds.</summary>
    public static string TruncatedWav(string path, double seconds, double keep = 0.6, int sampleRate = 8000)
    {
        Wav(path, seconds, sampleRate);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(int)(bytes.Length * keep)]);
        return path;
    }

    public static string Fifo(string path)
    {
        using var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", [path]) { RedirectStandardError = true })!;
        mkfifo.WaitForExit();
        Assert.True(mkfifo.ExitCode == 0, $"mkfifo {path}: {mkfifo.StandardError.ReadToEnd()}");
        return path;
    }

    /// <summary>An untrained tiny model with the default features and chunking, written as a checkpoint folder.</summary>
    public static string UntrainedModel(string directory, LearningTask? task = null)
    {
        task ??= TaskRegistry.Pneumonia;
        var features = FeatureParams.Default;
        var chunks = new ChunkParams();
        var shape = new ModelShape(features.NMels, FeatureShape.ValidateAndCountFrames(features, Chunker.WindowSamples(features.SampleRate, chunks)),
            task.Outputs);
        var train = new TrainParams(Model: "tiny", Epochs: 1);
        var factory = (ModelFactory)ModelRegistry.Find("tiny");
        using var model = factory.Create(shape, train.Seed);
        var info = new CheckpointInfo("tiny", task, shape.Mels, shape.Frames, shape.Outputs, features, chunks, train, 1, 0.7, 0.7,
            new Dictionary<string, double?>(), ModelInspector.Summarise("tiny", model, shape), PlateauState.Start(train.LearningRate),
            DataflowLung.Model.Checkpoints.VersionInfo.Current());
        CheckpointStore.Save(directory, model, info);
        return directory;
    }
}
