using System.Text;
using DataflowLung.Pipeline.Flow;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace DataflowLung.Tests.Flow;

/// <summary>The persistent cache: values come back bit for bit under the same kind, identity and key and never under
/// another; damaged entries are detected, deleted and rebuilt; independent instances filling one folder at once leave
/// only whole entries; eviction keeps the folder within its bound, least recently used first.</summary>
public sealed class CacheStoreTests
{
    static long FolderBytes(string root) =>
        Directory.EnumerateFiles(root, "*.dlc", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);

    static float[] Values(int seed, int count)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
    }

    [Property(MaxTest = 40)]
    public bool A_value_comes_back_bit_for_bit_only_under_its_own_kind_identity_and_key(NonEmptyString identity, NonEmptyString otherIdentity,
        NonEmptyString key, NonEmptyString otherKey, float[] data, int tag)
    {
        string root = FlowTestKit.TempFolder("store-prop");
        try
        {
            var value = new CachedArray(data ?? [], tag);
            new CacheStore(root, 1L << 30).Section("signals", identity.Get).Write(key.Get, value);
            var reopened = new CacheStore(root, 1L << 30); // another job: only the folder remembers
            bool same = reopened.Section("signals", identity.Get).Read(key.Get) is CacheEntryFile.ReadResult.Hit hit
                && hit.Value.Tag == tag
                && hit.Value.Data.Select(BitConverter.SingleToInt32Bits).SequenceEqual(value.Data.Select(BitConverter.SingleToInt32Bits));
            bool otherKind = reopened.Section("features", identity.Get).Read(key.Get) is CacheEntryFile.ReadResult.Missing;
            bool otherId = identity.Get == otherIdentity.Get || reopened.Section("signals", otherIdentity.Get).Read(key.Get) is CacheEntryFile.ReadResult.Missing;
            bool otherK = key.Get == otherKey.Get || reopened.Section("signals", identity.Get).Read(otherKey.Get) is CacheEntryFile.ReadResult.Missing;
            return same && otherKind && otherId && otherK;
        }
        finally { Directory.Delete(root, recursive: true); }
    }

    [Property(MaxTest = 40)]
    public bool Any_damage_to_an_entry_is_detected_and_the_entry_is_rebuilt(PositiveInt position, byte flip, bool truncate)
    {
        string root = FlowTestKit.TempFolder("store-corrupt");
        try
        {
            var cache = new SpillCache(0, new CacheStore(root, 1L << 30), "features", "identity");
            var value = new CachedArray(Values(position.Get, 50), 128);
            cache.Put("chunk-1", value);
            string file = Directory.GetFiles(root, "*.dlc", SearchOption.AllDirectories).Single();
            var bytes = File.ReadAllBytes(file);
            if (truncate) bytes = bytes[..(position.Get % bytes.Length)];
            else bytes[position.Get % bytes.Length] ^= (byte)(flip == 0 ? 1 : flip);
            File.WriteAllBytes(file, bytes);

            bool miss = cache.TryGet("chunk-1").IsNone;
            bool counted = cache.Stats().Corrupt == 1 && !File.Exists(file);
            cache.Put("chunk-1", value); // what the graph does after a miss: compute and put
            bool rebuilt = cache.TryGet("chunk-1").Map(v => v.Data.SequenceEqual(value.Data)).IfNone(false);
            return miss && counted && rebuilt;
        }
        finally { Directory.Delete(root, recursive: true); }
    }

    [Property(MaxTest = 25)]
    public bool Eviction_keeps_the_folder_within_its_bound_after_every_write(PositiveInt[] sizes, PositiveInt boundKb)
    {
        string root = FlowTestKit.TempFolder("store-bound");
        try
        {
            long bound = 4096 + boundKb.Get % 64 * 1024;
            var store = new CacheStore(root, bound);
            var section = store.Section("signals", "identity");
            int i = 0;
            foreach (var size in (sizes ?? []).Take(60))
            {
                section.Write($"key{i}", new CachedArray(Values(i, size.Get % 2000), 0));
                i++;
                if (FolderBytes(root) > bound) return false;
            }
            return true;
        }
        finally { Directory.Delete(root, recursive: true); }
    }

    [Fact]
    public void Eviction_removes_the_least_recently_used_entries_first()
    {
        string root = FlowTestKit.TempFolder("store-lru");
        var section = new CacheStore(root, 10 * 4200).Section("signals", "identity");
        for (int i = 0; i < 8; i++) section.Write($"key{i}", new CachedArray(Values(i, 1000), 0)); // ≈ 4 KB each
        var files = Enumerable.Range(0, 8).Select(i => CacheStore.EntryPath(section.Folder, $"key{i}")).ToArray();
        for (int i = 0; i < 8; i++) File.SetLastWriteTimeUtc(files[i], DateTime.UtcNow.AddMinutes(i - 20)); // key0 oldest
        Assert.IsType<CacheEntryFile.ReadResult.Hit>(section.Read("key0")); // a hit makes key0 the most recent

        for (int i = 8; i < 11; i++) section.Write($"key{i}", new CachedArray(Values(i, 1000), 0)); // over the bound

        Assert.True(File.Exists(files[0]), "the entry just used survives");
        Assert.False(File.Exists(files[1]), "the least recently used entry goes first");
        Assert.True(FolderBytes(root) <= 10 * 4200);
        Directory.Delete(root, recursive: true);
    }

    [Fact]
    public async Task Independent_instances_filling_one_folder_at_once_leave_only_whole_entries()
    {
        string root = FlowTestKit.TempFolder("store-concurrent");
        const int Keys = 40;
        // Small bound: both instances also evict while the other writes and reads.
        var instances = Enumerable.Range(0, 4).Select(_ => new SpillCache(0, new CacheStore(root, 60 * 8200), "signals", "identity")).ToArray();
        int wrong = 0;
        await Task.WhenAll(instances.Select((cache, n) => Task.Run(() =>
        {
            for (int round = 0; round < 3; round++)
                for (int k = 0; k < Keys; k++)
                {
                    int key = (k * (n + 1) + round) % Keys; // each instance visits the keys in its own order
                    var expected = Values(key, 2000);
                    cache.TryGet($"key{key}").Match(
                        hit => { if (!hit.Data.SequenceEqual(expected) || hit.Tag != key) Interlocked.Increment(ref wrong); },
                        () => cache.Put($"key{key}", new CachedArray(expected, key)));
                }
        })));
        Assert.Equal(0, wrong);
        Assert.All(instances, c => Assert.Equal(0, c.Stats().Corrupt));
        var fresh = new CacheStore(root, 1L << 30).Section("signals", "identity");
        for (int k = 0; k < Keys; k++)
        {
            var read = fresh.Read($"key{k}");
            Assert.True(read is CacheEntryFile.ReadResult.Hit or CacheEntryFile.ReadResult.Missing, $"key{k}: {read}");
            if (read is CacheEntryFile.ReadResult.Hit hit) Assert.Equal(Values(k, 2000), hit.Value.Data);
        }
        Assert.Empty(Directory.GetFiles(root, "*.tmp", SearchOption.AllDirectories));
        Directory.Delete(root, recursive: true);
    }

    [Fact]
    public void Clear_deletes_only_the_cache_sections_and_info_counts_them()
    {
        string root = FlowTestKit.TempFolder("store-clear");
        File.WriteAllText(Path.Combine(root, "notes.txt"), "not the cache's");
        Directory.CreateDirectory(Path.Combine(root, "photos"));
        var store = new CacheStore(root, 1L << 30);
        store.Section("signals", "a").Write("k1", new CachedArray([1f, 2f], 8000));
        store.Section("features", "b").Write("k2", new CachedArray([3f], 128));
        store.Section("features", "b").Write("k3", new CachedArray([4f], 128));

        var info = store.Info();
        Assert.Equal(3, info.Entries);
        Assert.Equal(FolderBytes(root), info.Bytes);
        Assert.Equal(new[] { 2, 1 }, info.Sections.Select(s => s.Entries));
        Assert.Contains(info.Sections, s => s.Identity == "a");

        Assert.Equal(info.Bytes, store.Clear());
        Assert.Equal(0, store.Info().Entries);
        Assert.True(File.Exists(Path.Combine(root, "notes.txt")));
        Assert.True(Directory.Exists(Path.Combine(root, "photos")));
        Directory.Delete(root, recursive: true);
    }

    [Fact]
    public void The_recording_key_follows_the_content_not_the_name_or_the_time()
    {
        string folder = FlowTestKit.TempFolder("content-key");
        string a = Path.Combine(folder, "a.wav"), b = Path.Combine(folder, "b.wav");
        File.WriteAllBytes(a, Encoding.ASCII.GetBytes("RIFF same bytes"));
        File.Copy(a, b);
        File.SetLastWriteTimeUtc(b, DateTime.UtcNow.AddHours(-3));
        Assert.Equal(RecordingKey.Of(a), RecordingKey.Of(b));
        File.WriteAllBytes(b, Encoding.ASCII.GetBytes("RIFF other bytes"));
        Assert.NotEqual(RecordingKey.Of(a), RecordingKey.Of(b));
        Assert.Null(RecordingKey.Of(Path.Combine(folder, "missing.wav")));
        Directory.Delete(folder, recursive: true);
    }
}
