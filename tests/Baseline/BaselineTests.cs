using DataflowLung.Experiments.Jobs;
using DataflowLung.Experiments.Parameters;
using DataflowLung.Pipeline;
using DataflowLung.Pipeline.Augment;
using DataflowLung.Pipeline.Baseline;
using DataflowLung.Pipeline.Metrics;
using DataflowLung.Pipeline.Tasks;
using LanguageExt;

namespace DataflowLung.Tests.Baseline;

/// <summary>The trivial baseline: the solver against scikit-learn (sklearn_fixture.py), the whole fit on synthetic
/// spectrograms where band energy does or cannot separate the classes, the paired difference on hand-made scores, and
/// the on/off parameter.</summary>
public sealed class BaselineTests
{
    static readonly double[][] X =
    [
        [0.5, 1.0], [1.5, -0.5], [-1.0, 0.3], [2.0, 1.2], [-0.7, -1.1], [0.1, 0.4],
        [1.1, 0.9], [-1.5, 0.2], [0.3, -0.8], [-0.2, 1.5], [1.8, -1.2], [-0.9, -0.4],
    ];

    // sklearn at C = 0.5 is λ = 1/(C·n) = 1/6 here.
    const double Lambda = 1.0 / 6;

    [Fact]
    public void The_binary_fit_matches_scikit_learn()
    {
        int[] yb = [1, 1, 0, 1, 0, 0, 1, 0, 1, 0, 1, 0];
        var m = LogisticRegression.Fit(X, yb.Select(v => new double[] { v }).ToArray(), Enumerable.Repeat(1.0, 12).ToArray(), softmax: false, Lambda);
        Assert.Equal(1.1278367059840064, m.Weights[0, 0], 5);
        Assert.Equal(-0.08302940228053694, m.Weights[0, 1], 5);
        Assert.Equal(-0.25066678304969287, m.Intercepts[0], 5);
    }

    [Fact]
    public void The_multinomial_fit_matches_scikit_learn()
    {
        int[] ym = [0, 1, 2, 1, 2, 0, 1, 2, 0, 0, 1, 2];
        var m = LogisticRegression.Fit(X, ym.Select(c => Enumerable.Range(0, 3).Select(k => k == c ? 1.0 : 0).ToArray()).ToArray(),
            Enumerable.Repeat(1.0, 12).ToArray(), softmax: true, Lambda);
        double[,] w = { { -0.04295232586590292, 0.30936155760655965 }, { 0.9624445708992182, 0.00016199360981758958 }, { -0.9194922450333153, -0.3095235512163772 } };
        double[] b = [0.23656214132402537, -0.3616525510641948, 0.12509040974016988];
        for (int k = 0; k < 3; k++)
        {
            Assert.Equal(w[k, 0], m.Weights[k, 0], 5);
            Assert.Equal(w[k, 1], m.Weights[k, 1], 5);
            Assert.Equal(b[k], m.Intercepts[k], 5);
        }
        Assert.Equal(1.0, m.Predict([0.3, 0.2]).Sum(), 12);
    }

    [Fact]
    public void Sample_weights_act_as_repeated_samples()
    {
        // weight 2 on a sample = that sample twice (the objective is the weighted mean)
        double[][] x = [[0.0], [1.0], [2.0]];
        double[][] y = [[0.0], [1.0], [0.0]];
        var weighted = LogisticRegression.Fit(x, y, [1, 2, 1], false, 0.01);
        var repeated = LogisticRegression.Fit([[0.0], [1.0], [1.0], [2.0]], [[0.0], [1.0], [1.0], [0.0]], [1, 1, 1, 1], false, 0.01);
        Assert.Equal(repeated.Weights[0, 0], weighted.Weights[0, 0], 6);
        Assert.Equal(repeated.Intercepts[0], weighted.Intercepts[0], 6);
    }

    static RecordingRef Recording(string name, string patient, int pneumonia) =>
        new("d", $"/{name}.wav", name, patient, new RecordingLabels(pneumonia), Option<Seq<CycleAnnotation>>.None);

    /// <summary>Chunks of patients with one recording each; a chunk is a random mels × frames spectrogram whose band
    /// <paramref name="loudBand"/> of its class is raised by <paramref name="gain"/>.</summary>
    static List<BaselineRun.Sample> Samples(LearningTask task, int patients, int seed, double gain, Func<int, int> classOf, string prefix)
    {
        const int mels = 8, frames = 20;
        var rng = new Random(seed);
        var samples = new List<BaselineRun.Sample>();
        for (int p = 0; p < patients; p++)
        {
            int c = classOf(p);
            var rec = Recording($"{prefix}{p}", $"{prefix}p{p}", task.Outputs == 1 ? c : 0);
            for (int k = 0; k < 3; k++)
            {
                var s = new float[mels * frames];
                for (int i = 0; i < s.Length; i++) s[i] = (float)(rng.NextDouble() * 2 - 1);
                for (int f = 0; f < frames; f++) s[c * frames + f] += (float)gain;
                var labels = task.Outputs == 1 ? new float[] { c } : Enumerable.Range(0, task.Outputs).Select(o => o == c ? 1f : 0f).ToArray();
                samples.Add(new BaselineRun.Sample($"{rec.Name}_{k}", rec, labels, BandStatistics.Of(s, mels, frames)));
            }
        }
        return samples;
    }

    [Fact]
    public void Band_energy_that_separates_the_classes_gives_an_auc_of_one()
    {
        var task = new PneumoniaTask();
        var train = Samples(task, 20, 1, 1.0, p => p % 2, "t");
        var val = Samples(task, 10, 2, 1.0, p => p % 2, "v");
        var fitted = BaselineRun.Fit(train, val, task, ClassWeightTable.Uniform(task), task.DefaultMonitor, PatientRule.Mean);
        var patient = Scoring.Level(task, fitted.Rows(val, task, PatientRule.Mean).At(PredictionLevel.Patient));
        Assert.Equal(1.0, patient.Auc!.Value, 9);
        Assert.Equal(BaselineRun.Grid.Length, fitted.Grid.Count);
        Assert.Contains(fitted.Model.Lambda, BaselineRun.Grid);
    }

    [Fact]
    public void Band_energy_unrelated_to_the_classes_gives_an_auc_near_one_half()
    {
        var task = new PneumoniaTask();
        // the loud band is the same for every chunk; the label alternates regardless
        var train = Samples(task, 40, 3, 0, p => p % 2, "t").ToList();
        var val = Samples(task, 200, 4, 0, p => p % 2, "v");
        var fitted = BaselineRun.Fit(train, val, task, ClassWeightTable.Uniform(task), task.DefaultMonitor, PatientRule.Mean);
        var chunk = Scoring.Level(task, fitted.Rows(val, task, PatientRule.Mean).At(PredictionLevel.Chunk));
        Assert.InRange(chunk.Auc!.Value, 0.4, 0.6);
    }

    [Fact]
    public void A_multinomial_baseline_finds_the_loud_band_of_each_of_four_classes()
    {
        var task = new CyclesTask(CyclesTask.FourClasses);
        var train = Samples(task, 40, 5, 1.0, p => p % 4, "t");
        var val = Samples(task, 20, 6, 1.0, p => p % 4, "v");
        var fitted = BaselineRun.Fit(train, val, task, ClassWeightTable.Uniform(task), task.DefaultMonitor, PatientRule.Mean);
        Assert.True(fitted.Model.Softmax);
        var chunk = Scoring.Level(task, fitted.Rows(val, task, PatientRule.Mean).At(PredictionLevel.Chunk));
        Assert.Equal(1.0, chunk.Accuracy!.Value, 9);
    }

    static PredictionRow Row(string patient, double score) => new(PredictionLevel.Patient, patient, "d", "", patient, [1], [score]);

    [Fact]
    public void The_paired_difference_resamples_patients_once_for_both()
    {
        // metric: the mean score. Model: A 0.9, B 0.7; baseline: A 0.5, B 0.6. Point: 0.8 − 0.55 = 0.25.
        // A paired resample is {A,A} (0.4), {B,B} (0.1) or {A,B} (0.25), with chances ¼, ¼, ½: the 2.5 % and 97.5 %
        // quantiles are 0.1 and 0.4 exactly. Unpaired draws would also give e.g. 0.9 − 0.6 = 0.3 or 0.7 − 0.5 = 0.2.
        var model = new[] { Row("A", 0.9), Row("B", 0.7) };
        var baseline = new[] { Row("A", 0.5), Row("B", 0.6) };
        var d = PairedDifference.Of(model, baseline, rows => rows.Average(r => r.Probabilities[0]), new BootstrapParams(Seed: 3));
        Assert.Equal(0.25, d.Value!.Value, 12);
        Assert.Equal(0.1, d.Low!.Value, 12);
        Assert.Equal(0.4, d.High!.Value, 12);
        Assert.Equal(2, d.Clusters);
        Assert.Equal("beats", PairedDifference.Verdict(d));
    }

    [Fact]
    public void The_verdict_reads_the_interval()
    {
        static MetricInterval I(double lo, double hi) => new((lo + hi) / 2, lo, hi, 0.95, 10, 10, 2000, 2000, null);
        Assert.Equal("does not beat", PairedDifference.Verdict(I(-0.2, 0)));
        Assert.Equal("is not distinguishable from", PairedDifference.Verdict(I(-0.2, 0.1)));
        Assert.Equal("beats", PairedDifference.Verdict(I(0.01, 0.1)));
        Assert.Null(PairedDifference.Verdict(new MetricInterval(0.1, null, null, 0.95, 1, 1, 2000, 0, "no interval")));
    }

    [Fact]
    public void The_baseline_parameter_takes_on_and_off_and_defaults_to_on()
    {
        var p = JobParameters.Defaults(new PneumoniaTask());
        Assert.True(p.Baseline);
        var key = ParameterKeys.Find("baseline").IfNone(() => throw new Xunit.Sdk.XunitException("no baseline key"));
        using var off = System.Text.Json.JsonDocument.Parse("\"off\"");
        Assert.False(((JobParameters)key.Set(p, off.RootElement)).Baseline);
        using var bad = System.Text.Json.JsonDocument.Parse("\"maybe\"");
        Assert.True(key.Set(p, bad.RootElement).IsFail);
    }
}
