using DataflowLung.Tests.Support;
using DataflowLung.Pipeline.Tasks;
using DataflowLung.Kernels;
using DataflowLung.Pipeline.Metrics;
using DataflowLung.Pipeline;
using DataflowLung.Pipeline.Augment;
using DataflowLung.Pipeline.Datasets;
using DataflowLung.Experiments.Parameters;
using DataflowLung.Experiments.Jobs;
using DataflowLung.Tests.Runner;
using LanguageExt;
using static LanguageExt.Prelude;

namespace DataflowLung.Tests.Original;

/// <summary><c>preset: original</c> resolves to exactly the original's values, leaves everything else alone, sits
/// under a config and <c>--set</c>, and is recorded in params.json.</summary>
public sealed class PresetTests
{
    private static JobParameters Resolve(LearningTask task, Option<string> config, params (string, string)[] overrides) =>
        ParameterResolver.Resolve(new ParameterSources(task, config, toSeq(overrides), "data", "runs"))
            .Match(Succ: p => p, Fail: e => throw new Xunit.Sdk.XunitException(string.Join("\n", ParameterResolver.Problems(e))));

    [Theory]
    [InlineData("pneumonia", "chunk_balanced_accuracy")]
    [InlineData("cw", "icbhi_score")]
    public void The_original_preset_resolves_to_exactly_the_originals_values(string taskName, string monitor)
    {
        var task = TestTasks.Named(taskName);
        var ours = Resolve(task, None);
        var p = Resolve(task, None, ("preset", "original"));
        Assert.Equal("original", p.Preset);
        Assert.Equal(FeatureParams.Original with { HopLength = 254 }, p.Features);
        Assert.Equal("B", p.DatasetOptions.JordanFilters);
        Assert.False(p.DatasetOptions.CountCrepAsCrackles);
        Assert.Equal(1e-3, p.Train.LearningRate);
        Assert.Equal(1e-4, p.Train.LrDecay);
        Assert.Equal(1e-7, p.Train.AdamEpsilon);
        Assert.Equal(0.0, p.Train.WeightDecay);
        Assert.Equal(20, p.Train.Epochs);
        Assert.Equal(monitor, p.Train.Monitor);
        Assert.Equal(PatientRule.AnyChunk, p.PatientRule);
        Assert.Equal(LastChunk.Drop, p.Chunk.LastChunk);
        Assert.Equal(AugmentPlan.WholeSet, p.Augment.Plan);
        Assert.Equal((12, 2, FoldStratification.None, SplitMethod.Sklearn), (p.Split.Seed, p.Split.Repeats, p.Split.Stratify, p.Split.Method));

        // Nothing else moves: every other key keeps our default.
        var changed = ParamsJson.ParametersObject(ours).Where(kv => ParamsJson.ParametersObject(p)[kv.Key]?.ToJsonString() != kv.Value?.ToJsonString())
            .Select(kv => kv.Key).OrderBy(k => k, StringComparer.Ordinal).ToArray();
        Assert.Equal(new[] { "adam_epsilon", "audio_ops", "augment_plan", "augmix", "center", "class_weights_after_augmentation", "count_crep_as_crackles", "epochs", "grad_cam_layer", "hop_length", "jordan_filters",
            "jordan_workbook_labels", "kfold_repeats", "kfold_stratify", "last_chunk", "log", "lr_decay", "mel_norm", "mel_scale", "mixup", "monitor", "patient_rule",
            "perch_f_only", "preset", "split_method", "weight_decay" }, changed);
    }

    [Fact]
    public void Our_defaults_name_each_adam_setting_for_what_it_is()
    {
        var p = Resolve(TaskRegistry.Pneumonia, None);
        Assert.Equal("default", p.Preset);
        Assert.Equal(1e-4, p.Train.WeightDecay); // L2 penalty
        Assert.Equal(0.0, p.Train.LrDecay);      // no Keras decay
        Assert.Equal(1e-8, p.Train.AdamEpsilon);
        Assert.Equal(PatientRule.Mean, p.PatientRule);
        Assert.Equal(AugmentPlan.Streaming, p.Augment.Plan);
        Assert.Equal(p, Resolve(TaskRegistry.Pneumonia, None, ("preset", "original"), ("preset", "default")) with { Paths = p.Paths });
    }

    [Fact]
    public void A_config_and_set_values_override_the_preset_wherever_the_preset_is_given()
    {
        using var tmp = new TempFolder();
        var config = tmp.Combine("mine.json");
        File.WriteAllText(config, """{ "epochs": 30, "preset": "original", "weight_decay": 0.001 }""");
        var fromConfig = Resolve(TaskRegistry.Pneumonia, Some(config), ("lr_decay", "0.01"));
        Assert.Equal((30, 0.001, 0.01, 1e-7), (fromConfig.Train.Epochs, fromConfig.Train.WeightDecay, fromConfig.Train.LrDecay, fromConfig.Train.AdamEpsilon));

        // The command line's preset lies under the config too: the config's epochs survive it.
        File.WriteAllText(config, """{ "epochs": 30 }""");
        var fromCli = Resolve(TaskRegistry.Pneumonia, Some(config), ("preset", "original"));
        Assert.Equal(("original", 30, 1e-4), (fromCli.Preset, fromCli.Train.Epochs, fromCli.Train.LrDecay));
    }

    [Fact]
    public void Params_json_records_the_preset_and_reads_back_as_the_same_parameters()
    {
        using var tmp = new TempFolder();
        var p = Resolve(TaskRegistry.Pneumonia, None, ("preset", "original"), ("epochs", "3"));
        var file = tmp.Combine("params.json");
        File.WriteAllText(file, ParamsJson.Render(p, VersionInfo.Current));
        Assert.Contains("\"preset\": \"original\"", File.ReadAllText(file));
        var again = Resolve(TaskRegistry.Pneumonia, Some(file));
        Assert.Equal(ParamsJson.ParametersObject(p).ToJsonString(), ParamsJson.ParametersObject(again).ToJsonString());
    }

    [Fact]
    public void An_unknown_preset_or_choice_is_refused_with_the_names_it_accepts()
    {
        var problems = ParameterResolver.Resolve(new ParameterSources(TaskRegistry.Pneumonia, None,
            Seq(("preset", "keras"), ("patient_rule", "max"), ("augment_plan", "global")), "data", "runs")).Match(Succ: _ => Seq<string>(), Fail: ParameterResolver.Problems);
        Assert.Contains(problems, m => m.Contains("preset") && m.Contains("default, original"));
        Assert.Contains(problems, m => m.Contains("patient_rule") && m.Contains("mean, any_chunk"));
        Assert.Contains(problems, m => m.Contains("augment_plan") && m.Contains("streaming, whole_set"));
    }
}
