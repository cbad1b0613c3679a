using DataflowLung.Pipeline.IO;
using DataflowLung.Kernels;
using DataflowLung.Pipeline;
using DataflowLung.Pipeline.Audio;
using DataflowLung.Pipeline.Datasets;
using DataflowLung.Experiments.Data;
using DataflowLung.Experiments.Jobs;
using DataflowLung.Experiments.Parameters;
using DataflowLung.Experiments.Plots;
using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;

namespace DataflowLung.Experiments.Plots;

/// <summary><c>runner spectrogram</c>'s work: the log-mel spectrogram of one recording with its annotated cycles (an
/// ICBHI-format file: the one given, else the same-name .txt beside the recording if there is one), as a PNG.</summary>
public static class SpectrogramDrawing
{
    /// <summary>The PNG written and the number of cycles drawn on it.</summary>
    public sealed record Drawn(string Path, int Cycles);

    /// <param name="force">Replace an existing PNG (never a job's files, a recording or a file in a data folder:
    /// <see cref="OutputTarget"/>).</param>
    public static Fin<Drawn> Draw(JobParameters p, string file, string output, Option<string> annotations, bool force = false)
    {
        var cyclesFile = annotations.IfNone(Path.ChangeExtension(file, ".txt"));
        var cycles = annotations.IsSome || File.Exists(cyclesFile) ? CycleAnnotationFile.Read(cyclesFile) : FinSucc(Seq<CycleAnnotation>());
        var drawn =
            from target in OutputTarget.Check(output, force)
            from regular in WavFolder.Inspect(file).Match(
                Succ: e => e.IsDirectory ? FinFail<Unit>(Error.New($"{file}: a folder, not a recording")) : FinSucc(unit),
                Fail: why => FinFail<Unit>(Error.New($"{file}: {why.Message}")))
            from annotated in cycles
            from path in PooledSpectrogram.ExpectedFrames(file, p.Features) > PooledSpectrogram.MaxColumns
                ? RenderPooled(p, file, annotated, target)
                : RenderWhole(p, file, annotated, target)
            select new Drawn(path, annotated.Count);
        return drawn;
    }

    /// <summary>A recording with at most <see cref="PooledSpectrogram.MaxColumns"/> frames: every frame of the whole signal.</summary>
    private static Fin<string> RenderWhole(JobParameters p, string file, Seq<CycleAnnotation> annotated, string target) =>
        from signal in AudioLoader.LoadMono(file, p.Features.SampleRate)
        from __ in signal.Samples.Length >= p.Features.NFft ? FinSucc(unit) : FinFail<Unit>(Error.New($"{file}: shorter than one FFT window ({p.Features.NFft} samples at {p.Features.SampleRate} Hz)"))
        from path in Render(p, signal, annotated, file, target)
        select path;

    /// <summary>A longer recording: streamed and pooled to at most <see cref="PooledSpectrogram.MaxColumns"/> columns, so
    /// memory does not grow with its length (issue 23).</summary>
    private static Fin<string> RenderPooled(JobParameters p, string file, Seq<CycleAnnotation> cycles, string full) =>
        PooledSpectrogram.Compute(file, p.Features, JobStages.Kind(p.Backend)).Bind(image => Save(full, temp =>
            SpectrogramPlot.Save(temp, Path.GetFileName(file), image.Values, image.Mels, image.Columns,
                (double)image.FramesPerColumn * p.Features.HopLength / p.Features.SampleRate, cycles.ToArray(),
                width: Math.Clamp(image.Columns * 2, 900, 3000))));

    private static Fin<string> Save(string full, Action<string> write)
    {
        try
        {
            AtomicFile.Write(full, write);
            return full;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return FinFail<string>(Error.New($"{full}: cannot write ({e.Message})"));
        }
    }

    private static Fin<string> Render(JobParameters p, Signal signal, Seq<CycleAnnotation> cycles, string file, string full)
    {
        using var backend = FeatureBackends.Create(JobStages.Kind(p.Backend), p.Features, signal.Samples.Length);
        var values = new float[p.Features.NMels * backend.Frames];
        backend.Compute(signal.Samples, 1, values);
        try
        {
            AtomicFile.Write(full, temp => SpectrogramPlot.Save(temp, Path.GetFileName(file), values, p.Features.NMels, backend.Frames,
                (double)p.Features.HopLength / p.Features.SampleRate, cycles.ToArray(), width: Math.Clamp(backend.Frames * 2, 900, 3000)));
            return full;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return FinFail<string>(Error.New($"{full}: cannot write ({e.Message})"));
        }
    }
}
