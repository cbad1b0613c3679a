using System.Buffers;
using LanguageExt;

namespace DataflowLung.Pipeline.Audio;

/// <summary>One pass over a WAV file's <c>data</c> chunk, one 64 KiB block per <see cref="Step"/>: decoded, down-mixed,
/// non-finite float samples replaced by 0, and resampled (<see cref="StreamingResampler"/>) into the sink. The whole-file
/// reader (<see cref="WavReader.DecodeResampled"/>) is this loop run to the end into one array; a caller that wants the
/// signal window by window (long recordings, <c>StreamingChunker</c>) drives it itself and never holds the recording.
/// <see cref="Finish"/> flushes the resampler and returns the same header facts, warnings and errors as the whole-file
/// reader.</summary>
public sealed class WavStreamDecoder : IDisposable
{
    const int BlockBytes = 1 << 16;
    readonly Stream _stream;
    readonly bool _ownsStream;
    readonly string _name;
    readonly WavLayout _layout;
    readonly WavReadOptions _options;
    readonly StreamingResampler _resampler;
    readonly long _wantedBytes;
    readonly long? _maxOutput;
    readonly bool _isFloat;
    byte[]? _bytes;
    float[]? _mono;
    long _readBytes, _frameCount;
    int _partialFrameBytes, _replaced;
    bool _ended;

    internal WavStreamDecoder(Stream stream, bool ownsStream, string name, WavLayout layout, WavReadOptions options,
        int targetRate, ResamplerQuality? quality, Action<ReadOnlySpan<float>> sink, long? maxOutput)
    {
        _stream = stream;
        _ownsStream = ownsStream;
        _name = name;
        _layout = layout;
        _options = options;
        _maxOutput = maxOutput;
        var format = layout.Format;
        _isFloat = format.Format.IsFloat();
        _wantedBytes = layout.AvailableDataBytes is { } available ? Math.Min(layout.DeclaredDataBytes, available) : layout.DeclaredDataBytes;
        _resampler = new StreamingResampler(format.SampleRate, targetRate, sink, quality);
        _bytes = ArrayPool<byte>.Shared.Rent(Math.Max(format.BlockAlign, BlockBytes / format.BlockAlign * format.BlockAlign));
        _mono = ArrayPool<float>.Shared.Rent(_bytes.Length / format.BlockAlign);
    }

    /// <summary>Opens <paramref name="path"/>, parses its header and stands at the first sample; the samples then go to
    /// <paramref name="sink"/> at <paramref name="targetRate"/> as <see cref="Step"/> reads them.</summary>
    public static Fin<WavStreamDecoder> Open(string path, int targetRate, Action<ReadOnlySpan<float>> sink,
        WavReadOptions? options = null, ResamplerQuality? quality = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(targetRate);
        var o = options ?? WavReadOptions.Default;
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16, FileOptions.SequentialScan);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return new AudioError(path, $"cannot open: {ex.Message}");
        }
        try
        {
            var opened = WavContainer.Read(stream, path, layout => Create(stream, true, path, layout, o, targetRate, quality, sink, maxOutput: null));
            if (opened.IsFail) stream.Dispose();
            return opened;
        }
        catch (IOException ex)
        {
            stream.Dispose();
            return new AudioError(path, $"read failed: {ex.Message}");
        }
    }

    internal static Fin<WavStreamDecoder> Create(Stream stream, bool ownsStream, string name, WavLayout layout, WavReadOptions options,
        int targetRate, ResamplerQuality? quality, Action<ReadOnlySpan<float>> sink, long? maxOutput)
    {
        var format = layout.Format;
        if (options.Channels is ChannelMode.Pick pick && (pick.Index < 0 || pick.Index >= format.Channels))
            return new AudioError(name, $"channel {pick.Index} requested but the file has {format.Channels} channel(s)");
        return new WavStreamDecoder(stream, ownsStream, name, layout, options, targetRate, quality, sink, maxOutput);
    }

    /// <summary>Frames decoded so far, and how many of them were wholly finite (float files: the rest were replaced).</summary>
    public long Frames => _frameCount;
    public long FiniteFrames => _frameCount - _replaced;
    public int SourceRate => _layout.Format.SampleRate;
    public int TargetRate => _resampler.ToRate;

    /// <summary>Frames the header promises (what the stream holds, when it can tell).</summary>
    public long ExpectedFrames => _wantedBytes / _layout.Format.BlockAlign;

    /// <summary>Reads, decodes and resamples one block. Succ(true): there may be more; Succ(false): the data ended.</summary>
    public Fin<bool> Step()
    {
        if (_ended) return false;
        var format = _layout.Format;
        int blockAlign = format.BlockAlign;
        int chunk = _bytes!.Length / blockAlign * blockAlign;
        if (_readBytes >= _wantedBytes) return End();
        int want = (int)Math.Min(chunk, _wantedBytes - _readBytes);
        int got;
        try
        {
            got = StreamIo.ReadFully(_stream, _bytes.AsSpan(0, want));
        }
        catch (IOException ex)
        {
            _ended = true;
            return new AudioError(_name, $"read failed: {ex.Message}");
        }
        _readBytes += got;
        int frames = got / blockAlign;
        if (_maxOutput is { } max && Resampler.OutputLength(_frameCount + frames, format.SampleRate, _resampler.ToRate) > max)
        {
            _ended = true;
            return WavReader.TooLong(_name, Resampler.OutputLength(_frameCount + frames, format.SampleRate, _resampler.ToRate));
        }
        var block = _mono!.AsSpan(0, frames);
        FrameMixer.ToMono(format.Format, _bytes.AsSpan(0, frames * blockAlign), format.Channels, _options.Channels, block);
        // Before resampling: one NaN would smear over a filter length of output.
        if (_isFloat) _replaced += ReplaceNonFinite(block);
        _resampler.Push(block);
        _frameCount += frames;
        _partialFrameBytes = got - frames * blockAlign;
        return got < want ? End() : true;
    }

    Fin<bool> End()
    {
        _ended = true;
        return false;
    }

    /// <summary>Every remaining block through the sink, then <see cref="Finish"/>: for a reader that has nothing to do
    /// between blocks.</summary>
    public Fin<(WavInfo Info, Seq<string> Warnings)> ReadToEnd()
    {
        while (true)
        {
            var step = Step();
            if (step.IsFail) return step.Map(_ => default((WavInfo, Seq<string>)));
            if (!(bool)step) return Finish();
        }
    }

    /// <summary>Flushes the resampler's tail into the sink and returns the header facts and warnings, or the error of a
    /// file with no usable frame (as the whole-file reader).</summary>
    public Fin<(WavInfo Info, Seq<string> Warnings)> Finish()
    {
        _ended = true;
        _resampler.Finish();
        Release();
        var layout = _layout;
        if (_frameCount == 0) return new AudioError(_name, WavReader.NoFramesProblem(layout));

        var warnings = Seq<string>.Empty;
        if (layout.SizeUnset)
            warnings = warnings.Add($"{_name}: data chunk size is unset (0xFFFFFFFF); read to the end of the file");
        else if (_readBytes < layout.DeclaredDataBytes)
            warnings = warnings.Add($"{_name}: data chunk declares {layout.DeclaredDataBytes} bytes but only {_readBytes} are present; decoded {_frameCount} frames (truncated recording)");
        if (_partialFrameBytes > 0)
            warnings = warnings.Add($"{_name}: ignored a trailing partial frame of {_partialFrameBytes} byte(s)");

        if (_isFloat)
        {
            // Zeroed, a file of nothing but NaN/Inf would pass for silence and get a prediction.
            if (_replaced == _frameCount) return new AudioError(_name, $"all {_replaced} samples are NaN or infinite (no audio)");
            if (_replaced > 0) warnings = warnings.Add($"{_name}: replaced {_replaced} non-finite sample(s) by 0");
        }
        long declaredFrames = layout.SizeUnset ? _frameCount : layout.DeclaredDataBytes / layout.Format.BlockAlign;
        return (WavReader.Info(_name, layout.Format, _frameCount, declaredFrames), warnings);
    }

    /// <summary>Whether the file is a float file: only those can hold non-finite samples.</summary>
    public bool IsFloat => _isFloat;

    static int ReplaceNonFinite(Span<float> samples)
    {
        int count = 0;
        for (int i = 0; i < samples.Length; i++)
            if (!float.IsFinite(samples[i])) { samples[i] = 0; count++; }
        return count;
    }

    void Release()
    {
        if (_bytes is not null) ArrayPool<byte>.Shared.Return(_bytes);
        if (_mono is not null) ArrayPool<float>.Shared.Return(_mono);
        _bytes = null;
        _mono = null;
    }

    public void Dispose()
    {
        Release();
        if (_ownsStream) _stream.Dispose();
    }
}
