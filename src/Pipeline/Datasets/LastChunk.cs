namespace DataflowLung.Pipeline.Datasets;

/// <summary>What happens to a last piece of EXACTLY half a window (longer pieces are always kept, shorter ones always
/// dropped). <see cref="Keep"/> (our default): kept and zero-padded, as the original's later
/// <c>soundofnavi/dataset/dataset.py</c> (<c>&lt;</c>). <see cref="Drop"/>: dropped, as the original's trainers'
/// <c>AudioPreparer</c> (<c>&lt;=</c>), which its training runs used; the original preset takes it.</summary>
public enum LastChunk { Keep, Drop }
