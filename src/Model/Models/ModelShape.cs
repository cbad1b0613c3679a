namespace DataflowLung.Model.Models;

/// <summary>What a model is built for: a single-channel <c>[Mels, Frames]</c> spectrogram in, <see cref="Outputs"/> logits out.</summary>
public sealed record ModelShape(int Mels, int Frames, int Outputs)
{
    /// <summary>The original system's input: 128 mels × 313 frames (10 s at 8 kHz, hop 256), one pneumonia output.</summary>
    public static ModelShape Original { get; } = new(128, 313, 1);
}
