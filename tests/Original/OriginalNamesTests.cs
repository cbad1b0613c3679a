using DataflowLung.Experiments.Parameters;
using DataflowLung.Pipeline.Tasks;
using LanguageExt;
using static LanguageExt.Prelude;
using TempFolder = DataflowLung.Tests.Datasets.TempFolder;

namespace DataflowLung.Tests.Original;

/// <summary>A parameters file in the original's names and meanings (<c>"names": "original"</c>) is read as the original
/// meant it: weight_decay → lr_decay, cache_root → the output root, every other name the same key.</summary>
public sealed class OriginalNamesTests
{
    static Fin<JobParameters> Resolve(string config, bool outGiven) =>
        ParameterResolver.Resolve(new ParameterSources(TaskRegistry.Pneumonia, Some(config), Empty, "data", "runs", outGiven));

    [Fact]
    public void The_originals_names_map_to_their_keys_here()
    {
        using var d = new TempFolder();
        var config = Path.Combine(d.Path, "parameters.json");
        File.WriteAllText(config, """{ "names": "original", "weight_decay": 0.0002, "cache_root": "/somewhere/runs", "audio_length": 5, "step_size": 2.5, "lr": 0.01 }""");
        var defaults = JobParameters.Defaults(TaskRegistry.Pneumonia);
        var p = Resolve(config, outGiven: false).ThrowIfFail();
        Assert.Equal(0.0002, p.Train.LrDecay);
        Assert.Equal(defaults.Train.WeightDecay, p.Train.WeightDecay);
        Assert.Equal("/somewhere/runs", p.Paths.OutRoot);
        Assert.Equal(defaults.Flow.CacheRoot, p.Flow.CacheRoot);
        Assert.Equal((5.0, 2.5, 0.01), (p.Chunk.AudioLengthSeconds, p.Chunk.StepSeconds, p.Train.LearningRate));
        // --out on the command line wins over the file's cache_root.
        Assert.Equal("runs", Resolve(config, outGiven: true).ThrowIfFail().Paths.OutRoot);
    }

    [Fact]
    public void Without_the_marker_the_names_mean_ours_and_bad_values_name_the_originals_key()
    {
        using var d = new TempFolder();
        var ours = Path.Combine(d.Path, "ours.json");
        File.WriteAllText(ours, """{ "weight_decay": 0.0002 }""");
        var p = Resolve(ours, outGiven: false).ThrowIfFail();
        Assert.Equal(0.0002, p.Train.WeightDecay);
        Assert.Equal(JobParameters.Defaults(TaskRegistry.Pneumonia).Train.LrDecay, p.Train.LrDecay);

        var bad = Path.Combine(d.Path, "bad.json");
        File.WriteAllText(bad, """{ "names": "original", "weight_decay": "fast", "cache_root": 3 }""");
        var problems = Resolve(bad, outGiven: false).Match(_ => Seq<string>(), ParameterResolver.Problems);
        Assert.Contains(problems, m => m.Contains("lr_decay") && m.Contains("the original's \"weight_decay\""));
        Assert.Contains(problems, m => m.Contains("cache_root") && m.Contains("output root"));
    }
}
