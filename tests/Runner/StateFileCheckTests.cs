using DataflowLung.Experiments.Jobs;
using DataflowLung.Experiments.Splits;
using DataflowLung.Model.Checkpoints;
using DataflowLung.Kernels;
using DataflowLung.Model.Models;
using DataflowLung.Model.Training;
using DataflowLung.Pipeline;
using DataflowLung.Pipeline.Datasets;
using DataflowLung.Pipeline.Tasks;
using TorchSharp;

namespace DataflowLung.Tests.Runner;

/// <summary>Issue 23, unit level: the checks a resume runs on a job folder's state files before trusting them.</summary>
public sealed class StateFileCheckTests
{
    const string Header = "epoch,train_loss,val_loss,lr,seconds,wait_seconds,wait_fraction,samples_per_second,auc,best";

    static string Metrics(TempFolder tmp, params string[] rows)
    {
        var path = tmp.Combine("metrics.csv");
        File.WriteAllLines(path, rows.Prepend(Header));
        return path;
    }

    [Fact]
    public void Metrics_csv_that_agrees_with_the_checkpoint_passes()
    {
        using var tmp = new TempFolder();
        var path = Metrics(tmp, "1,0.7,0.6,0.001,1.5,0.1,0.05,100,0.5,1", "2,0.6,,0.001,1.5,0.1,0.05,100,,0");
        Assert.Null(MetricsCsv.Problem(path, 2));
        Assert.Null(MetricsCsv.Problem(path, 1)); // a row after the checkpoint: written by a run stopped between the two
        Assert.Null(MetricsCsv.Problem(tmp.Combine("absent.csv"), 0));
    }

    [Theory]
    [InlineData(new[] { "1,0.7,0.6,0.001,1.5,0.1,0.05,100,0.5,1", "3,0.6,0.5,0.001,1.5,0.1,0.05,100,0.5,0" }, 3, "metrics.csv:3: epoch 3 where epoch 2 was expected")]
    [InlineData(new[] { "1,0.7,0.6,0.001,1.5,0.1,0.05,100,0.5,1", "1,0.6,0.5,0.001,1.5,0.1,0.05,100,0.5,0" }, 2, "metrics.csv:3: epoch 1 where epoch 2 was expected")]
    [InlineData(new[] { "x,0.7,0.6,0.001,1.5,0.1,0.05,100,0.5,1" }, 1, "metrics.csv:2: 'x' is not an epoch number")]
    [InlineData(new[] { "-1,0.7,0.6,0.001,1.5,0.1,0.05,100,0.5,1" }, 1, "metrics.csv:2: '-1' is not an epoch number")]
    [InlineData(new[] { "1,0.7,0.6" }, 1, "metrics.csv:2: 3 cells, the header has 10")]
    [InlineData(new[] { "1,0.7,zero,0.001,1.5,0.1,0.05,100,0.5,1" }, 1, "metrics.csv:2: 'zero' is not a number")]
    [InlineData(new[] { "1,0.7,0.6,0.001,1.5,0.1,0.05,100,0.5,1" }, 3, "metrics.csv ends at epoch 1, but the checkpoint is at epoch 3")]
    public void Damaged_metrics_csv_is_named(string[] rows, int checkpointEpoch, string expected)
    {
        using var tmp = new TempFolder();
        Assert.Contains(expected, MetricsCsv.Problem(Metrics(tmp, rows), checkpointEpoch));
    }

    [Fact]
    public void Missing_metrics_csv_disagrees_with_a_trained_checkpoint()
    {
        using var tmp = new TempFolder();
        Assert.Contains("missing or empty, but the checkpoint is at epoch 2", MetricsCsv.Problem(tmp.Combine("metrics.csv"), 2));
        File.WriteAllText(tmp.Combine("bad.csv"), "time,loss\n1,2\n");
        Assert.Contains("the header does not start with 'epoch'", MetricsCsv.Problem(tmp.Combine("bad.csv"), 1));
    }

    static RecordedRecording Rec(string name, string patient) => new("icbhi", name, patient, name + ".wav", 10, new string('a', 64), "1");

    static SplitRecord Split(RecordedRecording[] train, RecordedRecording[] validation)
    {
        var t = new SplitSide([], train);
        var v = new SplitSide([], validation);
        return new SplitRecord("pneumonia", "/data", [], SplitRecord.FingerprintOf(t, v), t, v);
    }

    static string Message<T>(LanguageExt.Fin<T> fin) => fin.Match(Succ: _ => "(accepted)", Fail: e => e.Message);

    [Fact]
    public void A_split_record_whose_fingerprint_matches_passes()
    {
        var split = Split([Rec("101_a", "101"), Rec("102_a", "102")], [Rec("103_a", "103")]);
        Assert.True(split.Verified("split.json").IsSucc);
    }

    [Fact]
    public void A_validation_recording_moved_to_train_is_refused_naming_the_leaking_patient()
    {
        var split = Split([Rec("101_a", "101")], [Rec("103_a", "103"), Rec("103_b", "103")]);
        var edited = split with
        {
            Train = new SplitSide([], [Rec("101_a", "101"), Rec("103_b", "103")]),
            Validation = new SplitSide([], [Rec("103_a", "103")]),
        };
        var message = Message(edited.Verified("split.json"));
        Assert.Contains("split.json: its fingerprint", message);
        Assert.Contains("does not match its recordings", message);
        Assert.Contains("patient icbhi:103 now has recordings on both sides", message);
    }

    [Fact]
    public void One_recording_on_both_sides_is_refused_naming_it_even_with_a_recomputed_fingerprint()
    {
        var split = Split([Rec("101_a", "101"), Rec("103_a", "103")], [Rec("103_a", "103")]);
        Assert.Contains("recordings on both sides of the split", Message(split.Verified("split.json")));
        Assert.Contains("icbhi/103_a", Message(split.Verified("split.json")));
    }

    static readonly ModelShape Shape = new(32, 40, 1);

    static torch.nn.Module<torch.Tensor, torch.Tensor> Tiny(ModelShape shape) => ModelRegistry.Find("tiny").ThrowIfFail().Create(shape, seed: 1);

    static CheckpointInfo Info(torch.nn.Module<torch.Tensor, torch.Tensor> model) =>
        new("tiny", TaskRegistry.Pneumonia, Shape.Mels, Shape.Frames, Shape.Outputs, FeatureParams.Default, new ChunkParams(), new TrainParams(),
            1, 0.7, 0.6, new Dictionary<string, double?>(), ModelInspector.Summarise("tiny", model, Shape), PlateauState.Start(1e-3),
            DataflowLung.Model.Checkpoints.VersionInfo.Current());

    [Fact]
    public void Weights_are_checked_against_the_checksum_model_json_keeps()
    {
        using var tmp = new TempFolder();
        using var model = Tiny(Shape);
        CheckpointStore.Save(tmp.Path, model, Info(model));
        var saved = CheckpointStore.ReadInfo(tmp.Path).Match(i => i, e => throw new Xunit.Sdk.XunitException(e.Message));
        Assert.Equal(CheckpointStore.Sha256(tmp.Combine("model.pt")), saved.WeightsSha256);
        using var fresh = Tiny(Shape);
        Assert.True(CheckpointStore.LoadWeights(tmp.Path, fresh).IsSucc);

        var bytes = File.ReadAllBytes(tmp.Combine("model.pt"));
        bytes[^3] ^= 0x01;
        File.WriteAllBytes(tmp.Combine("model.pt"), bytes);
        var message = Message(CheckpointStore.LoadWeights(tmp.Path, fresh));
        Assert.Contains("model.pt: its SHA-256", message);
        Assert.Contains("does not match", message);
    }

    [Fact]
    public void Weights_of_another_shape_and_a_foreign_optimizer_file_are_refused_not_thrown()
    {
        using var tmp = new TempFolder();
        using var model = Tiny(Shape);
        CheckpointStore.Save(tmp.Path, model, Info(model));
        using var other = Tiny(new ModelShape(32, 40, 4));
        Assert.Contains("weights do not fit the model", Message(CheckpointStore.LoadWeights(tmp.Path, other)));

        File.WriteAllBytes(tmp.Combine("optimizer.pt"), "not an optimizer state at all"u8.ToArray());
        using var adam = torch.optim.Adam(model.parameters());
        Assert.Contains("not this job's optimizer state", Message(CheckpointStore.LoadOptimizer(tmp.Path, adam)));
        File.Copy(tmp.Combine("model.pt"), tmp.Combine("optimizer.pt"), overwrite: true);
        Assert.Contains("not this job's optimizer state", Message(CheckpointStore.LoadOptimizer(tmp.Path, adam)));
    }

    [Theory]
    [InlineData("chunk,a#0,icbhi,a,101,1,0.9\n", null)]
    [InlineData("chunk,a#0,icbhi,a,101,1\n", "predictions.csv:2: 6 cells, expected 7")]
    [InlineData("chunk,a#0,icbhi,a,101,1,high\n", "predictions.csv:2: 'high' is not a number")]
    [InlineData("bogus,a#0,icbhi,a,101,1,0.9\n", "predictions.csv:2: 'bogus' is not a prediction level")]
    public void Damaged_predictions_csv_is_named_by_line(string body, string? expected)
    {
        using var tmp = new TempFolder();
        var path = tmp.Combine("predictions.csv");
        File.WriteAllText(path, "level,name,dataset,recording,patient,label_pneumonia,p_pneumonia\n" + body);
        var read = PredictionsCsv.TryRead(path, TaskRegistry.Pneumonia);
        if (expected is null) Assert.Single(read.Match(r => r, e => throw new Xunit.Sdk.XunitException(e.Message)));
        else Assert.Contains(expected, Message(read));
        File.WriteAllText(path, "");
        Assert.Contains("no predictions header", Message(PredictionsCsv.TryRead(path, TaskRegistry.Pneumonia)));
    }
}
