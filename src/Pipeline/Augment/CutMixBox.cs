namespace DataflowLung.Pipeline.Augment;

/// <summary>The rectangle CutMix pastes: mel rows [<see cref="Mel0"/>, <see cref="Mel1"/>) × frames
/// [<see cref="Frame0"/>, <see cref="Frame1"/>), already clipped to the image.</summary>
public sealed record CutMixBox(int Mel0, int Mel1, int Frame0, int Frame1)
{
    public int Area => Math.Max(0, Mel1 - Mel0) * Math.Max(0, Frame1 - Frame0);

    public bool Contains(int mel, int frame) => mel >= Mel0 && mel < Mel1 && frame >= Frame0 && frame < Frame1;
}
