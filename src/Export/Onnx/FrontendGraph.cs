using DataflowLung.Kernels;
using DataflowLung.Kernels.Spectral;
using static DataflowLung.Export.Onnx.OnnxGraphBuilder;

namespace DataflowLung.Export.Onnx;

/// <summary>The project's log-mel features as ONNX opset-17 operators, so an app can feed audio samples:
/// (reflect pad when centred) → <c>STFT</c> with the project's periodic Hann window → |X|² (or |X|) → the
/// project's own mel filterbank (<see cref="MelFilterbank"/>, an initializer: ONNX's <c>MelWeightMatrix</c> has
/// neither Slaney scale nor Slaney norm) → the same compression (natural log(x + ε), decibels re max with top_db,
/// cube root, optional per-spectrogram standardisation). Float32 throughout; docs/export.md gives the tolerance
/// against the project's kernels.</summary>
internal static class FrontendGraph
{
    /// <summary>Emits the features of <paramref name="audio"/> ([N, samples]) and returns [N, 1, mels, frames].</summary>
    public static string LogMel(OnnxGraphBuilder g, FeatureParams p, string audio)
    {
        var signal = audio;
        if (p.Center)
        {
            long pad = Framing.PadLeft(p);
            signal = g.Node("Pad", [audio, g.Int64s("pads", [0, pad, 0, pad], 4)], Text("mode", "reflect"));
        }
        signal = g.Node("Unsqueeze", [signal, g.Int64s("axes", [2], 1)]);
        var window = HannWindow.Periodic(p.EffectiveWinLength, p.NFft).Select(v => (float)v).ToArray();
        var stft = g.Node("STFT", [signal, g.Int64s("hop", [p.HopLength]), g.Floats("window", window, p.NFft), g.Int64s("n_fft", [p.NFft])],
            Int("onesided", 1));
        // [N, frames, bins, 2] → |X|²
        var spectrum = g.Node("ReduceSumSquare", [stft], Ints("axes", -1), Int("keepdims", 0));
        if (p.Power == 1.0) spectrum = g.Node("Sqrt", [spectrum]);
        var mel = g.Node("MatMul", [spectrum, g.Floats("mel_fb", MelMatrix(p), p.Bins, p.NMels)]);
        mel = g.Node("Transpose", [mel], Ints("perm", 0, 2, 1)); // [N, mels, frames]
        mel = Compress(g, p, mel);
        return g.Node("Unsqueeze", [mel, g.Int64s("axes", [1], 1)]);
    }

    /// <summary>The filterbank as [bins, mels] (torchaudio's orientation).</summary>
    private static float[] MelMatrix(FeatureParams p)
    {
        var dense = MelFilterbank.Create(p).ToDense(); // [mel, bin]
        var m = new float[p.Bins * p.NMels];
        for (int mel = 0; mel < p.NMels; mel++)
            for (int bin = 0; bin < p.Bins; bin++)
                m[bin * p.NMels + mel] = (float)dense[mel * p.Bins + bin];
        return m;
    }

    private static string Compress(OnnxGraphBuilder g, FeatureParams p, string x)
    {
        if (p.CubeRoot) x = g.Node("Pow", [x, g.Scalar("third", 1f / 3)]);
        if (p.Log == LogMode.Natural) x = g.Node("Log", [g.Node("Add", [x, g.Scalar("eps", (float)p.LogEpsilon)])]);
        if (p.Log == LogMode.Decibel)
        {
            // scale·log10(max(amin, x)) − its maximum per spectrogram, floored at −top_db.
            var floor = g.Node("Max", [x, g.Scalar("amin", (float)Compression.DecibelAmin(p))]);
            var db = g.Node("Mul", [g.Node("Log", [floor]), g.Scalar("db_per_ln", (float)(Compression.DecibelScale(p) / Math.Log(10)))]);
            var reference = g.Node("ReduceMax", [db], Ints("axes", 1, 2), Int("keepdims", 1));
            x = g.Node("Max", [g.Node("Sub", [db, reference]), g.Scalar("top_db", -(float)p.TopDb)]);
        }
        if (p.Normalize)
        {
            var mean = g.Node("ReduceMean", [x], Ints("axes", 1, 2), Int("keepdims", 1));
            var centred = g.Node("Sub", [x, mean]);
            var std = g.Node("Sqrt", [g.Node("ReduceMean", [g.Node("Mul", [centred, centred])], Ints("axes", 1, 2), Int("keepdims", 1))]);
            // A constant spectrogram (silence) is only centred, as Compression.Standardize does.
            var one = g.Scalar("one", 1f);
            var safe = g.Node("Where", [g.Node("Greater", [std, g.Scalar("tiny", 1e-12f)]), std, one]);
            x = g.Node("Div", [centred, safe]);
        }
        return x;
    }
}
