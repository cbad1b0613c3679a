using System.Buffers;
using LanguageExt;
using static LanguageExt.Prelude;

namespace DataflowLung.Pipeline.Audio;

/// <summary>Reads RIFF/WAVE files (container parsed by NAudio, see <see cref="WavContainer"/>): PCM 8-bit unsigned, 16/24/32-bit signed, IEEE float 32/64, plain or
/// WAVE_FORMAT_EXTENSIBLE, any channel count (down-mixed or one channel picked, see <see cref="WavReadOptions"/>).
/// The stream is read once, block by block, straight into the output samples.
/// <para>Every failure is an <see cref="AudioError"/> naming the file and the problem. A <c>data</c> chunk that
/// claims more bytes than the file holds (a truncated recording) decodes what is there and adds a warning
/// to <see cref="DecodedAudio.Warnings"/>; <see cref="Read(string, WavReadOptions?)"/> returns the signal
/// alone, so use <see cref="Decode(string, WavReadOptions?)"/> when warnings matter.</para></summary>
public static class WavReader
{
    public const int MinSampleRate = WavHeaderReader.MinSampleRate;
    public const int MaxSampleRate = WavHeaderReader.MaxSampleRate;
    const int BlockBytes = 1 << 16;

    public static Fin<Signal> Read(string path, WavReadOptions? options = null) =>
        Decode(path, options).Map(d => d.Signal);

    public static Fin<Signal> Read(Stream stream, string name, WavReadOptions? options = null) =>
        Decode(stream, name, options).Map(d => d.Signal);

    public static Fin<DecodedAudio> Decode(string path, WavReadOptions? options = null) =>
        WithFile(path, stream => Decode(stream, path, options));

    /// <param name="name">Used in messages (usually the path the stream came from).</param>
    public static Fin<DecodedAudio> Decode(Stream stream, string name, WavReadOptions? options = null)
    {
        var o = options ?? WavReadOptions.Default;
        try
        {
            return WavContainer.Read(stream, name, layout => DecodeData(stream, name, layout, o));
        }
        catch (IOException ex)
        {
            return new AudioError(name, $"read failed: {ex.Message}");
        }
    }

    /// <summary>Header facts without decoding samples: the datasets report uses it.</summary>
    public static Fin<WavInfo> Probe(string path) =>
        WithFile(path, stream =>
        {
            try
            {
                return WavContainer.Read(stream, path, layout =>
                {
                    long available = layout.AvailableDataBytes ?? 0;
                    long frames = Math.Min(layout.DeclaredDataBytes, available) / layout.Format.BlockAlign;
                    long declared = layout.SizeUnset ? frames : layout.DeclaredDataBytes / layout.Format.BlockAlign;
                    return frames == 0
                        ? Fin<WavInfo>.Fail(new AudioError(path, NoFramesProblem(layout)))
                        : Fin<WavInfo>.Succ(Info(path, layout.Format, frames, declared));
                });
            }
            catch (IOException ex)
            {
                return new AudioError(path, $"read failed: {ex.Message}");
            }
        });

    /// <summary>Decodes, down-mixes and resamples to <paramref name="targetRate"/> block by block
    /// (<see cref="StreamingResampler"/>): the result equals <see cref="Decode(string, WavReadOptions?)"/> followed by
    /// <see cref="Resampler.Resample(Signal, int, ResamplerQuality?)"/> exactly, but the source-rate signal is never held
    /// whole, so a long recording costs only its target-rate samples. The warnings and <see cref="WavInfo"/> are the
    /// source file's.</summary>
    public static Fin<DecodedAudio> DecodeResampled(string path, int targetRate, WavReadOptions? options = null, ResamplerQuality? quality = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(targetRate);
        var o = options ?? WavReadOptions.Default;
        return WithFile(path, stream =>
        {
            try
            {
                return WavContainer.Read(stream, path, layout => DecodeData(stream, path, layout, o, targetRate, quality));
            }
            catch (IOException ex)
            {
                return new AudioError(path, $"read failed: {ex.Message}");
            }
        });
    }

    static Fin<DecodedAudio> DecodeData(Stream stream, string name, WavLayout layout, WavReadOptions options,
        int? targetRate = null, ResamplerQuality? quality = null)
    {
        var format = layout.Format;
        if (options.Channels is ChannelMode.Pick pick && (pick.Index < 0 || pick.Index >= format.Channels))
            return new AudioError(name, $"channel {pick.Index} requested but the file has {format.Channels} channel(s)");

        int rate = targetRate ?? format.SampleRate;
        int blockAlign = format.BlockAlign;
        long wantedBytes = layout.AvailableDataBytes is { } available ? Math.Min(layout.DeclaredDataBytes, available) : layout.DeclaredDataBytes;
        long wantedOutput = Resampler.OutputLength(wantedBytes / blockAlign, format.SampleRate, rate);
        if (layout.AvailableDataBytes is not null && wantedOutput > System.Array.MaxLength)
            return TooLong(name, wantedOutput);

        // A seekable stream tells the length up front: size the output once (exactly, unless the file is cut short).
        // Otherwise grow as data arrives.
        int initial = (int)Math.Min(wantedOutput, layout.AvailableDataBytes is null ? 1 << 20 : System.Array.MaxLength);
        var output = new GrowableSamples(initial);
        var resampler = new StreamingResampler(format.SampleRate, rate, output.Append, quality);
        var bytes = ArrayPool<byte>.Shared.Rent(Math.Max(blockAlign, BlockBytes / blockAlign * blockAlign));
        var mono = ArrayPool<float>.Shared.Rent(bytes.Length / blockAlign);
        long readBytes = 0, frameCount = 0;
        int partialFrameBytes = 0, replaced = 0;
        bool isFloat = format.Format.IsFloat();
        try
        {
            int chunk = bytes.Length / blockAlign * blockAlign;
            while (readBytes < wantedBytes)
            {
                int want = (int)Math.Min(chunk, wantedBytes - readBytes);
                int got = StreamIo.ReadFully(stream, bytes.AsSpan(0, want));
                readBytes += got;
                int frames = got / blockAlign;
                if (Resampler.OutputLength(frameCount + frames, format.SampleRate, rate) > System.Array.MaxLength)
                    return TooLong(name, Resampler.OutputLength(frameCount + frames, format.SampleRate, rate));
                var block = mono.AsSpan(0, frames);
                FrameMixer.ToMono(format.Format, bytes.AsSpan(0, frames * blockAlign), format.Channels, options.Channels, block);
                // Before resampling: one NaN would smear over a filter length of output.
                if (isFloat) replaced += ReplaceNonFinite(block);
                resampler.Push(block);
                frameCount += frames;
                partialFrameBytes = got - frames * blockAlign;
                if (got < want) break;
            }
            resampler.Finish();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
            ArrayPool<float>.Shared.Return(mono);
        }

        if (frameCount == 0) return new AudioError(name, NoFramesProblem(layout));

        var warnings = Seq<string>();
        if (layout.SizeUnset)
            warnings = warnings.Add($"{name}: data chunk size is unset (0xFFFFFFFF); read to the end of the file");
        else if (readBytes < layout.DeclaredDataBytes)
            warnings = warnings.Add($"{name}: data chunk declares {layout.DeclaredDataBytes} bytes but only {readBytes} are present; decoded {frameCount} frames (truncated recording)");
        if (partialFrameBytes > 0)
            warnings = warnings.Add($"{name}: ignored a trailing partial frame of {partialFrameBytes} byte(s)");

        if (isFloat)
        {
            // Zeroed, a file of nothing but NaN/Inf would pass for silence and get a prediction.
            if (replaced == frameCount) return new AudioError(name, $"all {replaced} samples are NaN or infinite (no audio)");
            if (replaced > 0) warnings = warnings.Add($"{name}: replaced {replaced} non-finite sample(s) by 0");
        }
        long declaredFrames = layout.SizeUnset ? frameCount : layout.DeclaredDataBytes / blockAlign;
        return new DecodedAudio(new Signal(output.ToExactArray(), rate), Info(name, format, frameCount, declaredFrames), warnings);
    }

    static AudioError TooLong(string name, long frames) => new(name, $"{frames} or more frames do not fit one signal");

    static string NoFramesProblem(WavLayout layout) =>
        layout.DeclaredDataBytes == 0 ? "data chunk is empty" : "data chunk holds no complete sample frame";

    static WavInfo Info(string name, WavFormat f, long frames, long declaredFrames) =>
        new(name, f.SampleRate, f.Channels, f.Format, f.ValidBits, f.Extensible, frames, Math.Max(frames, declaredFrames));

    static int ReplaceNonFinite(Span<float> samples)
    {
        int count = 0;
        for (int i = 0; i < samples.Length; i++)
            if (!float.IsFinite(samples[i])) { samples[i] = 0; count++; }
        return count;
    }

    static Fin<T> WithFile<T>(string path, Func<Stream, Fin<T>> use)
    {
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16, FileOptions.SequentialScan);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return new AudioError(path, $"cannot open: {ex.Message}");
        }
        using (stream) return use(stream);
    }
}
