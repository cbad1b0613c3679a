namespace DataflowLung.Pipeline.Flow;

/// <summary>What a <see cref="CacheStore"/> holds: its root, its bound and, per section, the identity, the number of
/// entries, their bytes and when one was last used.</summary>
public sealed record CacheInfo(string Root, long MaxBytes, IReadOnlyList<CacheInfo.Section> Sections)
{
    public sealed record Section(string Name, string Identity, int Entries, long Bytes, DateTime? LastUsedUtc);

    public long Bytes => Sections.Sum(s => s.Bytes);
    public int Entries => Sections.Sum(s => s.Entries);
}
