namespace DataflowLung.Pipeline.Datasets;

/// <summary>How a per-cycle sample is brought to the fixed length (<see cref="ChunkParams.AudioLengthSeconds"/>).
/// <list type="bullet">
/// <item><see cref="Original"/>: the original system's padding (<see cref="ChunkPadding"/>): a cycle under half the
/// length is tiled with whole copies (the rest zero), otherwise zero-padded; longer cycles are cropped.</item>
/// <item><see cref="Repeat"/>: the recipe of the ICBHI papers that fix cycles to 8 s at 16 kHz (Bae et al. 2023,
/// "Patch-Mix Contrastive Learning with Audio Spectrogram Transformer on Respiratory Sound Classification", whose code
/// takes it from Moummad &amp; Farrugia's SCL): the recording gets a linear fade-in and fade-out of 1/16 s, a longer
/// cycle keeps its first samples, a shorter one is repeated ⌈length / cycle⌉ times, cut to the length and given a
/// linear 1/16 s fade-out (<see cref="CycleRepeatFit"/>).</item>
/// </list></summary>
public enum CycleFit { Original, Repeat }
