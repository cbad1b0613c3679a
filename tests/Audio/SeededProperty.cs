using FsCheck;
using Microsoft.FSharp.Core;

namespace DataflowLung.Tests.Audio;

/// <summary>Runs an FsCheck property with a fixed seed so every run (and every failure) is reproducible.</summary>
internal static class SeededProperty
{
    public static void Check(Property property, int maxTest, ulong seed)
    {
        var replay = new Replay(new Rnd(seed, 0x9E3779B97F4A7C15UL), FSharpOption<int>.None);
        var config = Config.QuickThrowOnFailure.WithMaxTest(maxTest).WithReplay(FSharpOption<Replay>.Some(replay));
        FsCheck.Check.One(config, property);
    }
}
