namespace DataflowLung.Kernels;

/// <summary>Hz ↔ mel conversions exactly as torchaudio.functional (and librosa with htk=True/False).</summary>
public static class MelFrequency
{
    // Slaney's Auditory Toolbox scale: linear below 1 kHz (200/3 Hz per mel), logarithmic above.
    const double SlaneyHzPerMel = 200.0 / 3.0;
    const double SlaneyBreakHz = 1000.0;
    const double SlaneyBreakMel = SlaneyBreakHz / SlaneyHzPerMel; // 15
    static readonly double SlaneyLogStep = Math.Log(6.4) / 27.0;

    public static double HzToMel(double hz, MelScale scale) => scale switch
    {
        MelScale.Htk => 2595.0 * Math.Log10(1.0 + hz / 700.0),
        _ => hz < SlaneyBreakHz ? hz / SlaneyHzPerMel : SlaneyBreakMel + Math.Log(hz / SlaneyBreakHz) / SlaneyLogStep,
    };

    public static double MelToHz(double mel, MelScale scale) => scale switch
    {
        MelScale.Htk => 700.0 * (Math.Pow(10.0, mel / 2595.0) - 1.0),
        _ => mel < SlaneyBreakMel ? mel * SlaneyHzPerMel : SlaneyBreakHz * Math.Exp(SlaneyLogStep * (mel - SlaneyBreakMel)),
    };
}
