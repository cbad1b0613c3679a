namespace DataflowLung.Kernels;

/// <summary>How mel centre frequencies are spaced (torchaudio's <c>mel_scale</c>).</summary>
public enum MelScale { Htk, Slaney }

/// <summary>Filter normalisation (torchaudio's <c>norm</c>): none, or Slaney area normalisation.</summary>
public enum MelNorm { None, Slaney }

/// <summary>What follows the mel projection: nothing, natural log of (x + epsilon), or decibels
/// (10·log10, reference = each spectrogram's maximum, floor at max − TopDb, as librosa's power_to_db(ref=max)), or the
/// natural log of max(x, epsilon) (Kaldi's floor: <c>torchaudio.compliance.kaldi.fbank</c>).</summary>
public enum LogMode { None, Natural, Decibel, NaturalFloor }

/// <summary>How frames are cut and the mel filters laid out (docs/features.md).
/// <list type="bullet">
/// <item><see cref="Torch"/>: torch.stft / torchaudio.transforms.MelSpectrogram (and librosa): frames of n_fft samples
/// (centred and reflect-padded, or not), the periodic Hann window of win_length centred in n_fft, triangles linear in
/// Hz between mel-spaced edges (<c>melscale_fbanks</c>).</item>
/// <item><see cref="Kaldi"/>: <c>torchaudio.compliance.kaldi.fbank</c>: frames of win_length samples that fit wholly
/// in the clip (snip_edges), each with its mean removed and pre-emphasis <see cref="FeatureParams.Preemphasis"/>
/// (x[n] − c·x[n−1], the first sample against itself), the symmetric Hann window ("hanning") at the start of an
/// n_fft buffer padded with zeros, triangles linear in mel over the bins below Nyquist.</item>
/// </list></summary>
public enum FrameConvention { Torch, Kaldi }

/// <summary>Log-mel feature parameters. Defaults follow torchaudio's MelSpectrogram conventions at the
/// original system's sizes (8 kHz, n_fft 1024, hop 256, 128 mels, centred reflect padding, power 2,
/// natural log with epsilon 1e-7): 313 frames for 10 s. <see cref="Original"/> is librosa's pipeline as the
/// original system used it.</summary>
public sealed record FeatureParams(
    int SampleRate = 8000,
    int NFft = 1024,
    int HopLength = 256,
    int WinLength = 0,
    bool Center = true,
    int NMels = 128,
    double FMin = 0.0,
    double FMax = 0.0,
    MelScale MelScale = MelScale.Htk,
    MelNorm MelNorm = MelNorm.None,
    double Power = 2.0,
    LogMode Log = LogMode.Natural,
    double LogEpsilon = 1e-7,
    double TopDb = 80.0,
    bool Normalize = false,
    bool CubeRoot = false,
    FrameConvention Convention = FrameConvention.Torch,
    double Preemphasis = 0.0)
    // Compression order (docs/features.md): mel power → (cube root | natural log | dB | none) → optional
    // per-spectrogram (x − mean)/std. CubeRoot is the original template's 'cuberooting', an alternative to the log.
{
    public static FeatureParams Default { get; } = new();

    /// <summary>librosa.feature.melspectrogram(center=False, htk=False, norm='slaney') → power_to_db(ref=max, top_db=80).</summary>
    public static FeatureParams Original { get; } = new(Center: false, MelScale: MelScale.Slaney, MelNorm: MelNorm.Slaney, Log: LogMode.Decibel);

    /// <summary>The features of the ICBHI papers built on AST (Gong et al. 2021) such as Bae et al. 2023:
    /// <c>torchaudio.compliance.kaldi.fbank(x, htk_compat=True, sample_frequency=16000, use_energy=False,
    /// window_type='hanning', num_mel_bins=128, dither=0.0, frame_shift=10)</c>: 16 kHz, 25 ms frames (400 samples)
    /// every 10 ms (160), zero-padded to a 512-point FFT, 128 mel bins from 20 Hz to Nyquist, power, ln(max(x, ε)) with
    /// ε = float32 epsilon; 798 frames for 8 s. (AST's fixed normalisation (x + 4.27) / 9.14 is left out: it only
    /// matters for AudioSet-pretrained weights.)</summary>
    public static FeatureParams Kaldi { get; } = new(
        SampleRate: 16000, NFft: 512, HopLength: 160, WinLength: 400, Center: false, NMels: 128, FMin: 20.0,
        Log: LogMode.NaturalFloor, LogEpsilon: 1.1920928955078125e-07, Convention: FrameConvention.Kaldi, Preemphasis: 0.97);

    /// <summary>Window length in samples (0 means n_fft, as torchaudio).</summary>
    public int EffectiveWinLength => WinLength == 0 ? NFft : WinLength;

    /// <summary>Upper mel edge in Hz (0 means Nyquist, as torchaudio's f_max=None).</summary>
    public double EffectiveFMax => FMax <= 0 ? SampleRate / 2.0 : FMax;

    public int Bins => NFft / 2 + 1;

    /// <summary>Samples one frame reads from the clip: n_fft, or win_length in the Kaldi convention.</summary>
    public int FrameSamples => Convention == FrameConvention.Kaldi ? EffectiveWinLength : NFft;

    /// <summary>Frames for a clip of <paramref name="samples"/> samples: 1 + len/hop when centred,
    /// 1 + (len − frame)/hop otherwise (0 when the clip is shorter than one frame; the frame is n_fft samples, or
    /// win_length in the Kaldi convention).</summary>
    public int Frames(int samples) =>
        Center ? 1 + samples / HopLength
               : samples < FrameSamples ? 0 : 1 + (samples - FrameSamples) / HopLength;

    /// <summary>All problems with these parameters, empty when consistent.</summary>
    public IReadOnlyList<string> Problems()
    {
        var p = new List<string>();
        if (SampleRate <= 0) p.Add($"sample rate must be positive (got {SampleRate})");
        if (NFft < 2 || (NFft & (NFft - 1)) != 0) p.Add($"n_fft must be a power of two ≥ 2 (got {NFft})");
        if (HopLength <= 0) p.Add($"hop length must be positive (got {HopLength})");
        if (EffectiveWinLength > NFft || EffectiveWinLength <= 0) p.Add($"window length must be in 1..n_fft (got {WinLength})");
        if (NMels <= 0) p.Add($"n_mels must be positive (got {NMels})");
        if (FMin < 0 || FMin >= EffectiveFMax) p.Add($"f_min must be in [0, f_max) (got {FMin}, f_max {EffectiveFMax})");
        if (EffectiveFMax > SampleRate / 2.0 + 1e-9) p.Add($"f_max {EffectiveFMax} Hz is above Nyquist ({SampleRate / 2.0} Hz)");
        if (Power is not (1.0 or 2.0)) p.Add($"power must be 1 or 2 (got {Power})");
        if (LogEpsilon <= 0) p.Add($"log epsilon must be positive (got {LogEpsilon})");
        if (TopDb <= 0) p.Add($"top_db must be positive (got {TopDb})");
        if (CubeRoot && Log != LogMode.None) p.Add($"cube root replaces the log: set Log = None when CubeRoot is on (got Log = {Log})");
        if (Preemphasis is < 0 or >= 1) p.Add($"pre-emphasis must be in [0, 1) (got {Preemphasis})");
        if (Convention == FrameConvention.Kaldi)
        {
            if (Center) p.Add("the kaldi convention frames without centring (snip_edges): set center to false");
            if (MelScale != MelScale.Htk || MelNorm != MelNorm.None) p.Add("the kaldi convention uses the HTK mel scale without filter normalisation");
        }
        else if (Preemphasis != 0) p.Add($"pre-emphasis {Preemphasis} needs the kaldi convention (it filters each frame as Kaldi does)");
        return p;
    }
}
