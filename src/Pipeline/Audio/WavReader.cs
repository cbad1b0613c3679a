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
        long wantedBytes = layout.AvailableDataBytes is { } available ? Math.Min(layout.DeclaredDataBytes, available) : layout.DeclaredDataBytes;
        long wantedOutput = Resampler.OutputLength(wantedBytes / format.BlockAlign, format.SampleRate, rate);
        if (layout.AvailableDataBytes is not null && wantedOutput > System.Array.MaxLength)
            return TooLong(name, wantedOutput);

        // A seekable stream tells the length up front: size the output once (exactly, unless the file is cut short).
        // Otherwise grow as data arrives.
        int initial = (int)Math.Min(wantedOutput, layout.AvailableDataBytes is null ? 1 << 20 : System.Array.MaxLength);
        var output = new GrowableSamples(initial);
        var created = WavStreamDecoder.Create(stream, false, name, layout, options, rate, quality, output.Append, maxOutput: System.Array.MaxLength);
        if (created.Case is not WavStreamDecoder decoder) return created.Map(_ => default(DecodedAudio)!);
        using (decoder)
            return decoder.ReadToEnd().Map(done => new DecodedAudio(new Signal(output.ToExactArray(), rate), done.Info, done.Warnings));
    }

    internal static AudioError TooLong(string name, long frames) => new(name, $"{frames} or more frames do not fit one signal");

    internal static string NoFramesProblem(WavLayout layout) =>
        layout.DeclaredDataBytes == 0 ? "data chunk is empty" : "data chunk holds no complete sample frame";

    internal static WavInfo Info(string name, WavFormat f, long frames, long declaredFrames) =>
        new(name, f.SampleRate, f.Channels, f.Format, f.ValidBits, f.Extensible, frames, Math.Max(frames, declaredFrames));

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
