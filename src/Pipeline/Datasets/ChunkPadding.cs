namespace DataflowLung.Pipeline.Datasets;

/// <summary>Fits a piece of audio into a fixed-length buffer as the original did: longer pieces are cropped;
/// a piece under half the target is tiled forward (whole copies while they fit, the rest left at zero);
/// otherwise it is zero-padded at the end.</summary>
public static class ChunkPadding
{
    /// <returns>True when the target was not filled by the piece alone (padded or tiled).</returns>
    public static bool Fill(ReadOnlySpan<float> piece, Span<float> target)
    {
        target.Clear();
        if (piece.Length >= target.Length)
        {
            piece[..target.Length].CopyTo(target);
            return false;
        }
        if (piece.Length > 0 && 2 * piece.Length < target.Length)
        {
            for (int cursor = 0; cursor + piece.Length <= target.Length; cursor += piece.Length)
                piece.CopyTo(target[cursor..]);
        }
        else
            piece.CopyTo(target);
        return true;
    }
}
