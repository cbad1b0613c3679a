namespace DataflowLung.Pipeline.Audio;

/// <summary>Options for <see cref="WavReader"/>.</summary>
public sealed record WavReadOptions(ChannelMode Channels)
{
    public static WavReadOptions Default { get; } = new(new ChannelMode.Mean());
}
