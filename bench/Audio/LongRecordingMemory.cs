using System.Diagnostics;
using System.Globalization;
using DataflowLung.Pipeline;
using DataflowLung.Pipeline.Audio;
using DataflowLung.Pipeline.Stages;

namespace DataflowLung.Bench;

/// <summary>Peak memory of decoding one long recording the way every job does (<see cref="PipelineStages.Decode"/>:
/// read, down-mix and resample block by block): <c>longwav [--hours H] [--rate R] [--to T] [--dir DIR] [--keep] [--stream]</c>.
/// With <c>--stream</c>, the recording is instead cut into the default 10 s / 5 s chunks window by window as predict and
/// long recordings in training are (<see cref="StreamedChunks"/>), the chunks counted and dropped: decoded_mb is then
/// the chunk count × chunk size that never had to be held.
/// Generates a 16-bit mono WAV of H hours (default 4) at R Hz (default 44100) under DIR (default the temp folder,
/// never the repository), decodes it to T Hz (default 8000) and prints, as the last stdout line,
/// {"hours":..,"rate":..,"to":..,"file_mb":..,"decoded_mb":..,"peak_working_set_mb":..,"seconds":..}. The whole
/// command's peak (predict, spectrogram, training) is measured with <c>/usr/bin/time -v</c>: docs/performance.md.</summary>
public static class LongRecordingMemory
{
    public static int Run(string[] args)
    {
        double hours = 4;
        int rate = 44100, to = 8000;
        string dir = Path.GetTempPath();
        bool keep = false, stream = false;
        for (int i = 0; i < args.Length; i++)
            switch (args[i])
            {
                case "--hours": hours = double.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--rate": rate = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--to": to = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--dir": dir = args[++i]; break;
                case "--keep": keep = true; break;
                case "--stream": stream = true; break;
                default: Console.Error.WriteLine($"longwav: unknown option {args[i]}"); return 2;
            }
        var path = Path.Combine(dir, $"dataflowlung-longwav-{hours.ToString(CultureInfo.InvariantCulture)}h-{rate}.wav");
        try
        {
            if (!File.Exists(path)) Generate(path, hours, rate);
            var clock = Stopwatch.StartNew();
            if (stream) return Streamed(path, hours, rate, to, clock);
            var signal = PipelineStages.Decode(new RecordingRef("bench", path, "longwav", "longwav", new RecordingLabels(0), LanguageExt.Prelude.None), to, null)
                .Match(s => s, e => throw new InvalidOperationException(e.Message));
            double seconds = clock.Elapsed.TotalSeconds;
            using var self = Process.GetCurrentProcess();
            self.Refresh();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{{\"hours\":{hours},\"rate\":{rate},\"to\":{to},\"file_mb\":{new FileInfo(path).Length / 1048576.0:F0},\"decoded_mb\":{signal.Samples.Length * 4 / 1048576.0:F0},\"peak_working_set_mb\":{self.PeakWorkingSet64 / 1048576.0:F0},\"seconds\":{seconds:F1}}}"));
            GC.KeepAlive(signal);
            return 0;
        }
        finally
        {
            if (!keep && File.Exists(path)) File.Delete(path);
        }
    }

    static int Streamed(string path, double hours, int rate, int to, Stopwatch clock)
    {
        var p = new StageParams(DataflowLung.Pipeline.Tasks.TaskRegistry.Pneumonia, new DataflowLung.Pipeline.Datasets.ChunkParams(),
            DataflowLung.Kernels.FeatureParams.Default with { SampleRate = to }, DataflowLung.Pipeline.Augment.AugmentParams.Default, SampleRate: to);
        var recording = new RecordingRef("bench", path, "longwav", "longwav", new RecordingLabels(0), LanguageExt.Prelude.None);
        var chunks = StreamedChunks.Chunks(p, recording, null).Match(c => c, e => throw new InvalidOperationException(e.Message));
        long count = 0, samples = 0;
        foreach (var chunk in chunks) { count++; samples += chunk.Samples.Length; }
        double seconds = clock.Elapsed.TotalSeconds;
        using var self = Process.GetCurrentProcess();
        self.Refresh();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{{\"hours\":{hours},\"rate\":{rate},\"to\":{to},\"file_mb\":{new FileInfo(path).Length / 1048576.0:F0},\"streamed_chunks\":{count},\"chunk_mb_total\":{samples * 4 / 1048576.0:F0},\"peak_working_set_mb\":{self.PeakWorkingSet64 / 1048576.0:F0},\"seconds\":{seconds:F1}}}"));
        return 0;
    }

    /// <summary>The canonical 44-byte header of 16-bit mono PCM.</summary>
    static byte[] Header(long frames, int rate)
    {
        uint data = (uint)(frames * 2);
        var h = new byte[44];
        "RIFF"u8.CopyTo(h);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(h.AsSpan(4), 36 + data);
        "WAVEfmt "u8.CopyTo(h.AsSpan(8));
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(h.AsSpan(16), 16);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16LittleEndian(h.AsSpan(20), 1);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16LittleEndian(h.AsSpan(22), 1);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(h.AsSpan(24), (uint)rate);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(h.AsSpan(28), (uint)rate * 2);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16LittleEndian(h.AsSpan(32), 2);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16LittleEndian(h.AsSpan(34), 16);
        "data"u8.CopyTo(h.AsSpan(36));
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(h.AsSpan(40), data);
        return h;
    }

    /// <summary>A 300 Hz tone in noise, written a minute at a time (the generator holds one minute).</summary>
    static void Generate(string path, double hours, int rate)
    {
        long frames = (long)(hours * 3600 * rate);
        var minute = new float[60 * rate];
        var rng = new Random(1);
        using var file = new FileStream(path + ".tmp", FileMode.Create, FileAccess.Write);
        file.Write(Header(frames, rate));
        var bytes = new byte[minute.Length * 2];
        for (long done = 0; done < frames; done += minute.Length)
        {
            int n = (int)Math.Min(minute.Length, frames - done);
            for (int i = 0; i < n; i++)
            {
                double t = (done + i) / (double)rate;
                double x = 0.1 * Math.Sin(2 * Math.PI * 300 * t) + 0.02 * (rng.NextDouble() * 2 - 1);
                short v = (short)Math.Round(x * 32767);
                bytes[2 * i] = (byte)v;
                bytes[2 * i + 1] = (byte)(v >> 8);
            }
            file.Write(bytes, 0, 2 * n);
        }
        file.Close();
        File.Move(path + ".tmp", path, overwrite: true);
    }
}
