using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;

namespace DataflowLung.Pipeline.Augment;

/// <summary>The audio-domain operations AugMix chains (and standalone audio augmenters) draw from.</summary>
public enum AudioOpKind
{
    ShiftPitch,
    StretchTime,
    Gain,
    Noise,
    TimeShift,
}

/// <summary>The original's <c>aug_functions</c> names for <see cref="AudioOpKind"/>, both ways.</summary>
public static class AudioOpNames
{
    public static string Name(this AudioOpKind op) => op switch
    {
        AudioOpKind.ShiftPitch => "shift_pitch",
        AudioOpKind.StretchTime => "stretch_time",
        AudioOpKind.Gain => "gain",
        AudioOpKind.Noise => "noise",
        AudioOpKind.TimeShift => "time_shift",
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, "unknown audio op"),
    };

    public static Fin<AudioOpKind> Parse(string name) =>
        Enum.GetValues<AudioOpKind>().Find(op => op.Name() == name.Trim().ToLowerInvariant()) is { IsSome: true } found
            ? FinSucc((AudioOpKind)found)
            : FinFail<AudioOpKind>(Error.New(
                $"unknown augmentation function '{name}' (expected one of {string.Join(", ", Enum.GetValues<AudioOpKind>().Select(o => o.Name()))})"));
}
