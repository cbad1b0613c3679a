using NAudio.Dsp;

namespace DataflowLung.Pipeline.Audio;

/// <summary>NAudio's <see cref="WdlResampler"/> (Cockos WDL) over a whole mono signal, as measured against the
/// project's <see cref="Resampler"/> in docs/audio.md (which stays the default). <see cref="Mode.Linear"/> is the
/// configuration NAudio's WdlResamplingSampleProvider uses (linear interpolation + 2 IIR low-pass stages);
/// <see cref="Mode.Sinc"/> is WDL's windowed-sinc mode (64 taps, 32 interpolated phases). The resampler's latency
/// is removed so output sample k sits at input time k·from/to, and the output has <see cref="Resampler"/>'s length.</summary>
public static class WdlResampling
{
    public enum Mode { Linear, Sinc }

    public static float[] Resample(ReadOnlySpan<float> input, int fromRate, int toRate, Mode mode)
    {
        var wdl = new WdlResampler();
        if (mode == Mode.Sinc) wdl.SetMode(true, 0, true, 64, 32);
        else wdl.SetMode(true, 2, false, 64, 32);
        wdl.SetFilterParms(0.693f, 0.707f); // WDL's defaults
        wdl.SetFeedMode(true); // input-driven: hand it every input sample, collect what comes out
        wdl.SetRates(fromRate, toRate);

        long length = Resampler.OutputLength(input.Length, fromRate, toRate);
        int latency = (int)Math.Round(wdl.GetCurrentLatency() * toRate);
        var produced = new List<float>((int)length + latency + 64);
        var scratch = new float[4096];
        int position = 0;
        // Feed the signal then zeros (samples outside the signal count as zero, as in Resampler) until enough is out.
        while (produced.Count < length + latency)
        {
            int want = Math.Min(1024, Math.Max(1, input.Length - position));
            int needed = wdl.ResamplePrepare(want, 1, out var buffer);
            for (int i = 0; i < needed; i++, position++)
                buffer[i] = position < input.Length ? input[position] : 0f;
            int outMax = (int)Math.Ceiling(needed * (double)toRate / fromRate) + 16;
            if (scratch.Length < outMax) scratch = new float[outMax];
            int got = wdl.ResampleOut(scratch, needed, outMax, 1);
            for (int i = 0; i < got; i++) produced.Add(scratch[i]);
        }
        return produced.Skip(latency).Take((int)length).ToArray();
    }
}
