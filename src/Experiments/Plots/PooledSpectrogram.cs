using DataflowLung.Kernels;
using DataflowLung.Pipeline.Audio;
using LanguageExt;
using LanguageExt.Common;

namespace DataflowLung.Experiments.Plots;

/// <summary>The log-mel image of a recording with more frames than the widest image has pixels
/// (<see cref="MaxColumns"/>), made without holding the recording or its full-resolution image (issue 23): the file is
/// decoded block by block (<see cref="WavStreamDecoder"/>), its log-mel frames computed one segment (about a minute) at a
/// time with the job's feature parameters, and each run of <see cref="Image.FramesPerColumn"/> consecutive frames averaged
/// into one column. Memory: one segment, its frames and the pooled image, whatever the length.
/// <para>What differs from the whole-signal frames before pooling: each segment is its own clip, so the frames within
/// half an FFT window of a segment's start see the clip's padding instead of the previous samples, pre-emphasis restarts
/// there, and <c>top_db</c> / <c>normalize</c> apply per segment; averaged over a column of many frames this is not visible
/// in the image. Recordings of at most <see cref="MaxColumns"/> frames are drawn from the whole signal, unchanged.</para></summary>
public static class PooledSpectrogram
{
    /// <summary>The widest image <c>runner spectrogram</c> draws (pixels), so more columns could not be seen.</summary>
    public const int MaxColumns = 3000;

    /// <summary>Row-major [mels, columns]; column c is the mean of frames [c·k, (c+1)·k) with k = <see cref="FramesPerColumn"/>.</summary>
    public sealed record Image(float[] Values, int Mels, int Columns, int FramesPerColumn, long Frames);

    /// <summary>The frames of a signal of <paramref name="samples"/> samples (as <see cref="FeatureParams.Frames"/>, in long).</summary>
    public static long Frames(FeatureParams f, long samples) =>
        f.Center ? 1 + samples / f.HopLength : samples < f.FrameSamples ? 0 : 1 + (samples - f.FrameSamples) / f.HopLength;

    public static int FramesPerColumn(long frames) => (int)Math.Max(1, (frames + MaxColumns - 1) / MaxColumns);

    /// <summary>The frames a recording of <paramref name="path"/> will have at the feature rate, from its header; none when
    /// the header cannot be read (the whole-signal path then reports why).</summary>
    public static long? ExpectedFrames(string path, FeatureParams f)
    {
        var opened = WavStreamDecoder.Open(path, f.SampleRate, _ => { });
        if (opened.Case is not WavStreamDecoder decoder) return null;
        using (decoder) return Frames(f, Resampler.OutputLength(decoder.ExpectedFrames, decoder.SourceRate, f.SampleRate));
    }

    /// <param name="segmentSeconds">Seconds of signal per feature call (tests use short ones to cross many segments).</param>
    public static Fin<Image> Compute(string path, FeatureParams f, FeatureBackendKind kind, double segmentSeconds = 60)
    {
        if (ExpectedFrames(path, f) is not { } expected || expected < 1)
            return Error.New($"{path}: cannot size the spectrogram from the header");
        int hop = f.HopLength;
        int perSegment = Math.Max(Math.Max(1, f.NFft / hop), (int)Math.Round(segmentSeconds * f.SampleRate / hop));
        int step = perSegment * hop;
        int clip = step + (f.Center ? 0 : f.FrameSamples - hop);
        int k = FramesPerColumn(expected);
        int columns = (int)((expected + k - 1) / k);
        var sums = new double[f.NMels * columns];
        var counts = new int[columns];

        using var backend = FeatureBackends.Create(kind, f, clip);
        var frameValues = new float[f.NMels * backend.Frames];
        var buffer = new float[clip];
        int held = 0;
        long received = 0, nextFrame = 0;

        void Segment(long framesHere)
        {
            // The tail segment is zero-padded to the clip; only its frames that exist in the signal are kept.
            buffer.AsSpan(held).Clear();
            backend.Compute(buffer, 1, frameValues);
            int frames = backend.Frames;
            for (int t = 0; t < framesHere; t++, nextFrame++)
            {
                int column = (int)(nextFrame / k);
                if (column >= columns) return;
                counts[column]++;
                for (int m = 0; m < f.NMels; m++) sums[m * columns + column] += frameValues[m * frames + t];
            }
        }

        void Push(ReadOnlySpan<float> piece)
        {
            received += piece.Length;
            while (piece.Length > 0)
            {
                int take = Math.Min(piece.Length, clip - held);
                piece[..take].CopyTo(buffer.AsSpan(held));
                held += take;
                piece = piece[take..];
                if (held < clip) break;
                Segment(perSegment);
                // Keep the overlap the next segment's first frames read (none when centred).
                buffer.AsSpan(step, clip - step).CopyTo(buffer);
                held = clip - step;
            }
        }

        var opened = WavStreamDecoder.Open(path, f.SampleRate, Push);
        if (opened.Case is not WavStreamDecoder decoder) return opened.Map(_ => default(Image)!);
        using (decoder)
        {
            var finished = decoder.ReadToEnd();
            if (finished.IsFail) return finished.Map(_ => default(Image)!);
        }
        long total = Frames(f, received);
        if (total > nextFrame && held > 0) Segment(Math.Min(perSegment, total - nextFrame));
        int used = (int)Math.Min(columns, (total + k - 1) / k);
        if (used < 1) return Error.New($"{path}: shorter than one FFT window");
        var values = new float[f.NMels * used];
        for (int m = 0; m < f.NMels; m++)
            for (int c = 0; c < used; c++)
                values[m * used + c] = counts[c] == 0 ? 0f : (float)(sums[m * columns + c] / counts[c]);
        return new Image(values, f.NMels, used, k, total);
    }
}
