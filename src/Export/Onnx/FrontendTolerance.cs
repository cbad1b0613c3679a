namespace DataflowLung.Export.Onnx;

/// <summary>How far the <c>--with-frontend</c> graph (ONNX Runtime's float32 STFT) may be from the project's CPU
/// feature kernels, measured on real recordings (tests/Export, docs/export.md). Both are float32: the log
/// magnifies their rounding where the mel power is tiny (the project's CPU kernel is itself 1e-2 from the
/// double-precision reference at log-mel ≈ −14.5), so quiet cells get a looser bound than the rest.</summary>
public static class FrontendTolerance
{
    /// <summary>Largest absolute difference of any log-mel value (natural log, ε = 1e-7).</summary>
    public const double LogMel = 5e-2;

    /// <summary>Cells at or above this log-mel value (mel power ≥ e^−10 ≈ 4.5e-5) get <see cref="LogMelLoud"/>.</summary>
    public const double LoudFrom = -10;

    /// <summary>Largest absolute difference of a log-mel value of at least <see cref="LoudFrom"/>.</summary>
    public const double LogMelLoud = 2e-3;

    /// <summary>Largest absolute difference of an output probability.</summary>
    public const double Probability = 1e-4;
}
