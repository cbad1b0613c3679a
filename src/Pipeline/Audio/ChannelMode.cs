namespace DataflowLung.Pipeline.Audio;

/// <summary>How a multi-channel recording becomes mono.</summary>
public abstract record ChannelMode
{
    ChannelMode() { }

    /// <summary>Average of all channels (the usual down-mix; librosa's <c>to_mono</c>).</summary>
    public sealed record Mean : ChannelMode;

    /// <summary>One channel, counted from 0. A file with fewer channels is an error.</summary>
    public sealed record Pick(int Index) : ChannelMode;
}
