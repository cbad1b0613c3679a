namespace DataflowLung.Experiments.Explain;

/// <summary>Where one prediction falls at threshold 0.5: true/false positive/negative.</summary>
public enum ChunkOutcomeKind { TP, FN, FP, TN }

public static class ChunkOutcomeKinds
{
    public static readonly ChunkOutcomeKind[] All = [ChunkOutcomeKind.FP, ChunkOutcomeKind.FN, ChunkOutcomeKind.TP, ChunkOutcomeKind.TN];

    public static ChunkOutcomeKind Of(float label, float probability) => (label >= 0.5f, probability >= 0.5f) switch
    {
        (true, true) => ChunkOutcomeKind.TP,
        (true, false) => ChunkOutcomeKind.FN,
        (false, true) => ChunkOutcomeKind.FP,
        _ => ChunkOutcomeKind.TN,
    };

    /// <summary>The file name the original gave a gallery image: <c>&lt;chunk&gt;__&lt;pred&gt;__&lt;label&gt;.png</c> (0/1 each).</summary>
    public static string ImageName(string chunk, float label, float probability) =>
        $"{SafeName(chunk)}__{(probability >= 0.5f ? 1 : 0)}__{(label >= 0.5f ? 1 : 0)}.png";

    /// <summary>A name usable as a file name everywhere (Jordan names hold commas and spaces), at most
    /// <see cref="MaxSafeName"/> characters: a longer one is cut and given a hash of the whole name, so two long names
    /// that share a beginning stay two files and the suffixes added to it stay under the file system's 255.</summary>
    public static string SafeName(string name)
    {
        var safe = string.Concat(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' ? c : '_'));
        if (safe.Length <= MaxSafeName) return safe;
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(name)))[..12];
        return $"{safe[..(MaxSafeName - hash.Length - 1)]}~{hash}";
    }

    public const int MaxSafeName = 160;

    public static string Folder(this ChunkOutcomeKind kind) => kind.ToString().ToLowerInvariant();
}
