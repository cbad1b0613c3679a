using DataflowLung.Pipeline.Tasks;
using DataflowLung.Kernels;
using DataflowLung.Pipeline;
using DataflowLung.Experiments.Jobs;
using DataflowLung.Experiments.Parameters;
using FsCheck;
using FsCheck.Fluent;
using LanguageExt;
using static LanguageExt.Prelude;

namespace DataflowLung.Tests.Runner;

public sealed class ParameterResolverTests
{
    private static ParameterSources Sources(Option<string> config, params (string, string)[] overrides) =>
        new(TaskRegistry.Pneumonia, config, toSeq(overrides), "data", "runs");

    private static JobParameters Resolved(ParameterSources s) =>
        ParameterResolver.Resolve(s).Match(Succ: p => p, Fail: e => throw new Xunit.Sdk.XunitException(string.Join("\n", ParameterResolver.Problems(e))));

    private static Seq<string> Problems(ParameterSources s) =>
        ParameterResolver.Resolve(s).Match(Succ: _ => Seq<string>(), Fail: ParameterResolver.Problems);

    [Fact]
    public void Without_config_or_overrides_the_original_defaults_hold()
    {
        var p = Resolved(Sources(None));
        Assert.Equal(Seq("icbhi", "jordan"), p.Datasets);
        Assert.Equal("mixednet", p.Train.Model);
        Assert.Equal(16, p.Train.BatchSize);
        Assert.Equal(8000, p.Features.SampleRate);
        Assert.Equal(128, p.Features.NMels);
        Assert.Equal(10.0, p.Chunk.AudioLengthSeconds);
        Assert.Equal(5.0, p.Chunk.StepSeconds);
        Assert.Equal(0.8, p.Split.TrainRatio);
        Assert.Equal(12, p.Split.Seed);
        Assert.Equal("default", p.ConfigFolderName);
    }

    [Fact]
    public void Config_overrides_defaults_and_the_command_line_overrides_the_config()
    {
        using var tmp = new TempFolder();
        var config = tmp.Combine("cw_short.json");
        File.WriteAllText(config, """
            // comments and trailing commas are accepted
            { "audio_length": 5, "step_size": 2.5, "overlap_threshold": 0.3, "n_mels": 64, "datasets": ["icbhi"], }
            """);
        var p = Resolved(Sources(Some(config), ("n_mels", "32"), ("datasets", "icbhi,jordan")));
        Assert.Equal(5.0, p.Chunk.AudioLengthSeconds);
        Assert.Equal(2.5, p.Chunk.StepSeconds);
        Assert.Equal(0.3, p.Chunk.OverlapThreshold);
        Assert.Equal(32, p.Features.NMels);
        Assert.Equal(Seq("icbhi", "jordan"), p.Datasets);
        Assert.Equal("cw_short", p.ConfigFolderName);
    }

    [Fact]
    public void Every_problem_is_reported_at_once_and_config_problems_name_the_file()
    {
        using var tmp = new TempFolder();
        var config = tmp.Combine("typos.json");
        File.WriteAllText(config, """{ "n_mel": 64, "hop_length": "long", "cuberooting": 3 }""");
        var problems = Problems(Sources(Some(config), ("datasets", "icbhi,nope")));
        Assert.Equal(4, problems.Count);
        Assert.All(problems.Take(3), m => Assert.Contains(config, m));
        Assert.Contains("unknown dataset \"nope\"", problems.Last());
        Assert.Contains(problems, m => m.Contains("\"n_mel\"") && m.Contains("did you mean \"n_mels\""));
        Assert.Contains(problems, m => m.Contains("hop_length") && m.Contains("expected an integer"));
        Assert.Contains(problems, m => m.Contains("cuberooting") && m.Contains("true or false"));
    }

    [Fact]
    public void Values_that_read_but_do_not_fit_are_all_listed()
    {
        var problems = Problems(Sources(None, ("datasets", "icbhi,nope,perch"), ("n_fft", "1000"), ("train_test_ratio", "1.5"), ("step_size", "-1")));
        Assert.Contains(problems, m => m.Contains("unknown dataset \"nope\""));
        Assert.Contains(problems, m => m.Contains("\"perch\" has no pneumonia labels"));
        Assert.Contains(problems, m => m.Contains("n_fft"));
        Assert.Contains(problems, m => m.Contains("train_test_ratio"));
        Assert.Contains(problems, m => m.Contains("step_size"));
    }

    [Fact]
    public void A_missing_or_malformed_config_is_a_clear_error()
    {
        using var tmp = new TempFolder();
        Assert.Contains("does not exist", Assert.Single(Problems(Sources(Some(tmp.Combine("absent.json"))))));
        var broken = tmp.Combine("broken.json");
        File.WriteAllText(broken, "{ \"n_mels\": 64 ");
        var problem = Assert.Single(Problems(Sources(Some(broken))));
        Assert.Contains(broken, problem);
        Assert.Contains("not valid JSON", problem);
    }

    [Fact]
    public void A_feature_preset_applies_before_individual_keys_whatever_their_order()
    {
        using var tmp = new TempFolder();
        var config = tmp.Combine("orig.json");
        File.WriteAllText(config, """{ "hop_length": 254, "feature_preset": "original" }""");
        var p = Resolved(Sources(Some(config)));
        Assert.Equal(FeatureParams.Original with { HopLength = 254 }, p.Features);
    }

    [Fact]
    public void Augmentation_lists_read_with_the_original_key_names_and_survive_params_json()
    {
        using var tmp = new TempFolder();
        var config = tmp.Combine("aug.json");
        File.WriteAllText(config, """
            {
              "mixup": [ { "label_one": 1, "label_two": 0, "quantity": 0.4, "minval": 0.2, "maxval": 0.8 },
                         { "label_one": 1, "label_two": 1, "quantity": 1.0, "no_pad": true } ],
              "audio_augment": [ { "op": "stretch_time", "quantity": 0.3, "label": 1 } ],
              "specaugment": { "time_masks": 1, "max_time_width": 20 },
              "class_weights": false
            }
            """);
        var p = Resolved(Sources(Some(config)));
        Assert.Equal(2, p.Augment.Mixups.Count);
        Assert.Equal(new DataflowLung.Pipeline.Augment.MixupParams(1, 0, 0.4, 0.2, 0.8), p.Augment.Mixups[0]);
        Assert.Equal(0.3, p.Augment.Mixups[1].MinVal); // unset values keep the record's defaults
        Assert.Equal(new DataflowLung.Pipeline.Augment.AudioAugmentParams(DataflowLung.Pipeline.Augment.AudioOpKind.StretchTime, 0.3, 1),
            p.Augment.AudioAugments[0]);
        Assert.Equal(20, p.Augment.SpecAugment!.MaxTimeWidth);
        Assert.False(p.Train.ClassWeights);

        var saved = tmp.Combine("params.json");
        File.WriteAllText(saved, ParamsJson.Render(p, VersionInfo.Current));
        Assert.Equal(p, Resolved(Sources(Some(saved))) with { Paths = p.Paths });
    }

    [Fact]
    public void Augmentation_labels_must_be_classes_of_the_task()
    {
        var problems = Problems(Sources(None, ("mixup", """[{"label_one": 5, "label_two": 0}]""")));
        Assert.Contains(problems, m => m.Contains("mixup[0] label_one") && m.Contains("not a pneumonia class"));
        Assert.Empty(Problems(new ParameterSources(TaskRegistry.CracklesWheezes, None, Seq1(("mixup", """[{"label_one": 3, "label_two": 0}]""")), "data", "runs")));
    }

    [Fact]
    public void A_typo_inside_an_augmentation_entry_is_an_error_not_a_default()
    {
        var problems = Problems(Sources(None, ("mixup", """[{"quantiy": 0.5}]"""), ("augmix", """[{"aug_functions": ["warp"]}]""")));
        Assert.Contains(problems, m => m.Contains("mixup") && m.Contains("quantiy"));
        Assert.Contains(problems, m => m.Contains("augmix"));
    }

    [Fact]
    public void Testing_mode_halves_the_train_ratio_and_suffixes_the_folder()
    {
        var p = Resolved(Sources(None, ("testing", "true")));
        Assert.True(p.Testing);
        Assert.Equal(0.5, p.Split.TrainRatio);
        Assert.Equal(2, p.Train.Epochs);
        Assert.Equal("default_testing", p.ConfigFolderName);
    }

    /// <summary>params.json is written from the key table, so reading it back as a config must give the
    /// same parameters, whatever values were set.</summary>
    [Fact]
    public void Params_json_reads_back_as_a_config_giving_the_same_parameters()
    {
        var gen =
            from nMels in Gen.Choose(8, 256)
            from hop in Gen.Choose(64, 512)
            from len in Gen.Choose(2, 20)
            from step in Gen.Choose(1, 20)
            from ratio in Gen.Choose(10, 90)
            from seed in Gen.Choose(0, 1000)
            from center in Gen.Elements(true, false)
            from log in Gen.Elements(LogMode.None, LogMode.Natural, LogMode.Decibel)
            from datasets in Gen.Elements("icbhi", "jordan", "icbhi,jordan", "bd,antwerp")
            from model in Gen.Elements("mixednet", "model9", "tiny")
            select new[]
            {
                ("n_mels", $"{nMels}"), ("hop_length", $"{hop}"), ("audio_length", $"{len}"), ("step_size", $"{step * 0.5}"),
                ("train_test_ratio", $"{ratio / 100.0}"), ("seed", $"{seed}"), ("center", center ? "true" : "false"),
                ("log", log.ToString()), ("datasets", datasets), ("model", model), ("epochs", $"{seed % 50 + 1}"), ("lr", $"{(seed + 1) * 1e-5}"),
            };
        Prop.ForAll(gen.ToArbitrary(), overrides =>
        {
            using var tmp = new TempFolder();
            var original = Resolved(Sources(None, overrides));
            var saved = tmp.Combine("params.json");
            File.WriteAllText(saved, ParamsJson.Render(original, VersionInfo.Current));
            var reread = Resolved(Sources(Some(saved)));
            return reread with { Paths = original.Paths } == original;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(40));
    }
}
