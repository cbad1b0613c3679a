using DataflowLung.Pipeline.Tasks;
using DataflowLung.Tests.Support;
using AngleSharp.Html.Parser;
using DataflowLung.Kernels;
using DataflowLung.Pipeline.Metrics;
using DataflowLung.Model.Models;
using DataflowLung.Model.Training;
using DataflowLung.Pipeline;
using DataflowLung.Pipeline.Audio;
using DataflowLung.Pipeline.Augment;
using DataflowLung.Pipeline.Datasets;
using DataflowLung.Experiments.Explain;
using DataflowLung.Experiments.Jobs;
using DataflowLung.Experiments.Parameters;
using DataflowLung.Experiments.Plots;
using DataflowLung.Experiments.Report;
using DataflowLung.Tests.Runner;
using static LanguageExt.Prelude;

namespace DataflowLung.Tests.Original;

/// <summary>The explanation step and report.html on a small trained model: real WAV recordings (a tone in a known band
/// for the positives), their features as the model's input, the collector, the patient table, the galleries with
/// audio cut again from the WAVs, and a page that parses strictly with every embedded image and sound decodable.</summary>
[Trait(TestCategory.Name, TestCategory.EndToEnd)]
public sealed class ReportHtmlTests : IDisposable
{
    private readonly TempFolder tmp = new();

    public void Dispose() => tmp.Dispose();

    private const int Rate = 8000, Mels = 32, Frames = 40;

    /// <summary>Recordings of 10 s (one window plus the exactly-half piece), 3 patients × 4 recordings; patient 2 positive.
    /// The inputs are synthetic spectrograms (a band in rows 8–11 for positives) standing for each chunk.</summary>
    private (List<Batch> Batches, List<RecordingRef> Recordings) Corpus()
    {
        var rng = new Random(3);
        var recordings = new List<RecordingRef>();
        var inputs = new List<(float[] X, float Label, string Chunk, RecordingRef Rec)>();
        for (int patient = 1; patient <= 3; patient++)
            for (int r = 0; r < 4; r++)
            {
                int label = patient == 2 ? 1 : 0;
                var name = $"{100 + patient}_{r}b1_Al_sc_Meditron";
                var path = tmp.Combine(name + ".wav");
                var audio = Enumerable.Range(0, 10 * Rate).Select(i => (float)(0.05 * (rng.NextDouble() - 0.5) + label * 0.3 * Math.Sin(2 * Math.PI * 400 * i / Rate))).ToArray();
                WavWriter.Write(path, audio, Rate);
                var rec = new RecordingRef("icbhi", path, name, $"{100 + patient}", new RecordingLabels(label), None);
                recordings.Add(rec);
                foreach (var chunk in new[] { $"{name}_0", $"{name}_99" })
                {
                    var x = new float[Mels * Frames];
                    for (int j = 0; j < x.Length; j++) x[j] = (float)(rng.NextDouble() - 0.5);
                    // Most positives carry the band; one does not (a false negative to show), one negative does (a false positive).
                    bool band = label == 1 ? !(r == 0 && chunk.EndsWith("_0")) : r == 3 && patient == 1 && chunk.EndsWith("_0");
                    if (band) for (int row = 8; row < 12; row++) for (int t = 0; t < Frames; t++) x[row * Frames + t] += 2f;
                    inputs.Add((x, label, chunk, rec));
                }
            }
        var batches = inputs.Chunk(5).Select(b => new Batch(b.SelectMany(x => x.X).ToArray(), b.Length, Mels, Frames,
            b.Select(x => x.Label).ToArray(), 1, b.Select(x => x.Chunk).ToArray(), b.Select(x => x.Rec).ToArray())).ToList();
        return (batches, recordings);
    }

    private async Task<Predictor> Trained(List<Batch> batches)
    {
        var train = new TrainParams(Model: "tiny", Epochs: 8, BatchSize: 5, LearningRate: 1e-2, Seed: 5, Monitor: "val_loss", EarlyStoppingPatience: 100, LrPatience: 100);
        async IAsyncEnumerable<Batch> Stream()
        {
            foreach (var b in batches) { await Task.Yield(); yield return b; }
        }
        var job = new TrainingJob(new ModelShape(Mels, Frames, 1), TaskRegistry.Pneumonia, train, FeatureParams.Default, new ChunkParams(),
            tmp.Combine("checkpoints"), ClassWeights.FromCounts([16, 8], TaskRegistry.Pneumonia).ThrowIfFail());
        var outcome = (await Trainer.RunAsync(job, new BatchSources(_ => Stream(), Stream))).ThrowIfFail();
        return Predictor.Load(outcome.BestDirectory).ThrowIfFail();
    }

    [Fact]
    public async Task The_job_folder_gets_gradcam_galleries_patient_table_and_a_self_contained_page_whose_media_all_decode()
    {
        var (batches, recordings) = Corpus();
        using var predictor = await Trained(batches);
        var jobDir = tmp.Combine("job");
        Directory.CreateDirectory(Path.Combine(jobDir, "plots"));
        var collector = new ExplainCollector(predictor, jobDir, TaskRegistry.Pneumonia);
        var outcomes = new List<ChunkOutcome>();
        foreach (var b in batches)
        {
            var p = predictor.Probabilities(b).ThrowIfFail();
            collector.Observe(b, p);
            outcomes.AddRange(Enumerable.Range(0, b.Size).Select(i => new ChunkOutcome(b.ChunkNames[i], b.Recordings[i], [b.Labels[i]], [p[i]])));
        }
        var parameters = JobParameters.Defaults(TaskRegistry.Pneumonia) with { PatientRule = PatientRule.AnyChunk };
        var rows = PredictionLevels.FromChunkRows(outcomes.Select(o => o.Row).ToArray(), parameters.Task, parameters.PatientRule);
        var manifest = ExplainOutputs.Finish(collector, rows, parameters, jobDir);
        Assert.Empty(manifest.Problems);

        // Grad-CAM: every 10th chunk of each patient (8 chunks each: the 1st) plus every FP and FN; galleries by outcome.
        var output = Assert.Single(manifest.Outputs);
        int errors = outcomes.Count(o => (o.Probabilities[0] >= 0.5f) != (o.Labels[0] >= 0.5f));
        Assert.True(errors > 0, "the corpus must give at least one wrong chunk to show");
        int firstOfPatient = 3, overlap = outcomes.GroupBy(o => o.Recording.Patient).Count(g => (g.First().Probabilities[0] >= 0.5f) != (g.First().Labels[0] >= 0.5f));
        Assert.Equal(firstOfPatient + errors - overlap, output.GradCamMaps);
        Assert.Equal(output.GradCamMaps, Directory.GetFiles(Path.Combine(jobDir, output.GradCamFolder)).Length);
        Assert.Equal(outcomes.Count, output.Galleries.Sum(g => g.Chunks));
        foreach (var g in output.Galleries)
        {
            var files = Directory.Exists(Path.Combine(jobDir, g.Folder)) ? Directory.GetFiles(Path.Combine(jobDir, g.Folder)).Select(Path.GetFileName).ToArray() : [];
            Assert.Equal(g.Chunks, files.Length);
            Assert.All(files, f => Assert.Matches(@"__[01]__[01]\.png$", f));
        }
        Assert.Contains(Directory.GetFiles(Path.Combine(jobDir, "explain", "galleries", "fp")).Concat(Directory.GetFiles(Path.Combine(jobDir, "explain", "galleries", "fn"))),
            f => Path.GetFileName(f).Contains("__1__0") || Path.GetFileName(f).Contains("__0__1"));

        // The per-patient table: one row per patient and the totals, chunk counts adding up.
        Assert.Equal(3, output.Patients.Count);
        Assert.All(output.Patients, p => Assert.Equal(4, p.Recordings));
        Assert.Equal(outcomes.Count, output.Patients.Sum(p => p.TN + p.FN + p.FP + p.TP));
        var csv = File.ReadAllLines(Path.Combine(jobDir, output.PatientTable));
        Assert.Equal("patient_id,status,recordings,tn,fn,fp,tp,mean_score,patient_score", csv[0]);
        Assert.Equal(5, csv.Length);
        Assert.StartsWith("total,", csv[^1]);
        Assert.Equal(3, manifest.PatientSpectrograms.Count);

        // report.html
        var val = Scoring.Validation(TaskRegistry.Pneumonia, rows);
        JobPlots.Validation(Path.Combine(jobDir, "plots"), TaskRegistry.Pneumonia, rows, val);
        var split = new SplitCounts(3, recordings.Count, outcomes.Count, new Dictionary<string, int>());
        var report = new JobReport("pneumonia", "evaluate", ["icbhi"], ModelReport.Of(predictor.Info.Summary, predictor.Info.Shape), jobDir,
            new DataReport([], [], split, split), val, 8, 8, "completed", new TimingReport(new Dictionary<string, double>(), 0, 0),
            AugmentationReport.None, VersionInfo.Current, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow);
        var html = ReportHtml.Render(report, jobDir);

        var document = new HtmlParser(new HtmlParserOptions { IsStrictMode = true }).ParseDocument(html); // throws on any parse error
        Assert.Empty(document.QuerySelectorAll("script, link, iframe, object"));
        Assert.DoesNotContain("http://", html);
        Assert.DoesNotContain("https://", html);
        var images = document.QuerySelectorAll("img").Select(i => i.GetAttribute("src")!).ToArray();
        Assert.True(images.Length >= 3 + 4, $"{images.Length} images"); // confusion matrices, ROC, gallery and Grad-CAM images
        foreach (var src in images)
        {
            Assert.StartsWith("data:image/png;base64,", src);
            var png = Convert.FromBase64String(src["data:image/png;base64,".Length..]);
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
            Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(png, 12, 4));
            int width = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), height = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20));
            Assert.True(width > 0 && height > 0);
            using var bitmap = SkiaSharp.SKBitmap.Decode(png);
            Assert.Equal((width, height), (bitmap.Width, bitmap.Height));
        }
        var sounds = document.QuerySelectorAll("audio").Select(a => a.GetAttribute("src")!).ToArray();
        Assert.Equal(output.Galleries.Sum(g => g.Shown.Count), sounds.Length);
        foreach (var src in sounds)
        {
            Assert.StartsWith("data:audio/wav;base64,", src);
            using var stream = new MemoryStream(Convert.FromBase64String(src["data:audio/wav;base64,".Length..]));
            var signal = WavReader.Read(stream, "embedded").ThrowIfFail();
            Assert.Equal((Rate, 10 * Rate), (signal.SampleRate, signal.Samples.Length)); // the 10 s window at 8 kHz (the _99 piece zero-padded)
        }
        // The per-patient table on the page: 3 patients and the totals row.
        var table = document.QuerySelectorAll("table").Single(t => t.TextContent.Contains("mean score"));
        Assert.Equal(1 + 3 + 1, table.QuerySelectorAll("tr").Length);
        foreach (var heading in new[] { "False positives", "False negatives", "True positives", "True negatives", "Grad-CAM", "Average spectrogram per patient" })
            Assert.Contains(document.QuerySelectorAll("h2, h3"), h => h.TextContent.StartsWith(heading, StringComparison.Ordinal));
        Assert.Contains(document.QuerySelectorAll("p.more"), p => p.TextContent.Contains("more in the folder"));
    }

    [Fact]
    public void Files_over_the_byte_budget_are_named_instead_of_embedded()
    {
        var dir = tmp.Combine("budget");
        Directory.CreateDirectory(dir);
        File.WriteAllBytes(Path.Combine(dir, "a.png"), new byte[3000]);
        var embed = new HtmlEmbed(dir, budgetBytes: 5000);
        Assert.Contains("data:image/png;base64,", embed.Image("a.png", "first"));
        var second = embed.Image("a.png", "second");
        Assert.DoesNotContain("data:", second);
        Assert.Contains("not embedded", second);
        Assert.Contains("a.png", second);
    }
}
