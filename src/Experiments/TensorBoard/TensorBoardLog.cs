using System.Buffers.Binary;

namespace DataflowLung.Experiments.TensorBoard;

/// <summary>One TensorBoard event file in a job folder (<c>events.out.tfevents.&lt;seconds&gt;.&lt;host&gt;.dataflowlung</c>):
/// scalars, PNG images and markdown text, each record flushed as it is written so a running job can be watched.
/// TensorBoard treats every folder holding event files as a run, so job folders under one output root, and the
/// folds of a cross-validation or the seeds of a seeds job, show as sibling runs of <c>tensorboard --logdir ROOT</c>.
/// A resumed job opens a second file beside the first; TensorBoard reads both. Written by hand rather than with
/// TorchSharp 0.107's <c>SummaryWriter</c>, measured: its scalars are right, but its first record's wall time and the
/// file name hold .NET ticks instead of Unix seconds, and its <c>add_img(tag, file)</c> decodes and re-encodes the PNG
/// through SkiaSharp 2.88 (not among our packages: it fails to load), where the job already has the PNG bytes.</summary>
public sealed class TensorBoardLog : IDisposable
{
    public const string FilePrefix = "events.out.tfevents.";
    readonly FileStream stream;
    readonly Func<double> clock;

    public string Path { get; }

    public TensorBoardLog(string directory, Func<double>? clock = null)
    {
        this.clock = clock ?? (() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0);
        var now = this.clock();
        var name = $"{FilePrefix}{(long)now}.{Environment.MachineName}.dataflowlung";
        // Two opened within one second (a resume right after a stop) must not share a file.
        var path = System.IO.Path.Combine(directory, name);
        for (var k = 1; File.Exists(path); k++) path = System.IO.Path.Combine(directory, $"{name}.{k}");
        Path = path;
        stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read);
        Write(SummaryEvent.Version(now));
    }

    /// <summary>A scalar; non-finite values are skipped (TensorBoard would draw them as gaps anyway, and NaN breaks smoothing).</summary>
    public void Scalar(string tag, long step, double value)
    {
        if (double.IsFinite(value)) Write(SummaryEvent.Scalar(clock(), step, tag, (float)value));
    }

    /// <summary>A PNG file; its size is read from the PNG header. A missing or non-PNG file is skipped and returns false.</summary>
    public bool Png(string tag, long step, string file)
    {
        if (!File.Exists(file)) return false;
        var bytes = File.ReadAllBytes(file);
        if (PngSize(bytes) is not var (width, height)) return false;
        Write(SummaryEvent.Image(clock(), step, tag, bytes, width, height));
        return true;
    }

    public void Text(string tag, long step, string markdown) => Write(SummaryEvent.Text(clock(), step, tag, markdown));

    /// <summary>Width and height from a PNG's IHDR chunk, or null when the bytes are not a PNG.</summary>
    public static (int Width, int Height)? PngSize(ReadOnlySpan<byte> png)
    {
        ReadOnlySpan<byte> signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
        if (png.Length < 24 || !png[..8].SequenceEqual(signature)) return null;
        return (BinaryPrimitives.ReadInt32BigEndian(png[16..]), BinaryPrimitives.ReadInt32BigEndian(png[20..]));
    }

    void Write(byte[] record)
    {
        TfRecord.Write(stream, record);
        stream.Flush();
    }

    public void Dispose() => stream.Dispose();
}
