using DataflowLung.Pipeline.Tasks;
using DataflowLung.Pipeline.Audio;
using DataflowLung.Pipeline;
using DataflowLung.Pipeline.Datasets;
using DataflowLung.Pipeline.Synthetic;
using LanguageExt;

namespace DataflowLung.Tests.Datasets;

/// <summary>The generator writes what it says it wrote, in layouts our own adapters read back unchanged.</summary>
public sealed class SyntheticCorpusTests
{
    [Fact]
    public void Default_corpus_reads_back_with_the_labels_and_cycles_the_generator_reports()
    {
        using var d = new TempFolder();
        var info = SyntheticCorpus.Generate(d.Path, new SyntheticCorpusParams());
        var scans = DatasetRegistry.ScanAll(d.Path, "icbhi,jordan", new DatasetOptions()).ThrowIfFail();
        var icbhi = scans[0];
        var jordan = scans[1];

        Assert.Empty(icbhi.Skipped + jordan.Skipped);
        Assert.Empty(icbhi.Warnings + jordan.Warnings);
        Assert.Equal((48, 24, 72, 24), (icbhi.Recordings.Count, icbhi.PatientCount, jordan.Recordings.Count, jordan.PatientCount));
        Assert.Equal(info.Patients("icbhi"), icbhi.PatientCount);
        Assert.InRange(info.PneumoniaPatients("icbhi"), 7, 8);
        Assert.InRange(info.PneumoniaPatients("jordan"), 7, 8);

        var truth = info.Recordings.ToDictionary(r => r.Path);
        foreach (var rec in icbhi.Recordings + jordan.Recordings)
        {
            var t = truth[rec.Path];
            Assert.Equal(t.Patient, rec.Patient);
            Assert.Equal(t.Pneumonia ? 1 : 0, rec.Labels.Pneumonia);
            Assert.Equal((t.Crackles, t.Wheezes), TaskLabels.RecordingCracklesWheezes(rec));
            Assert.True(t.Cycles.Count >= 1);
        }
        foreach (var rec in icbhi.Recordings)
        {
            var read = (Seq<CycleAnnotation>)rec.Cycles;
            var written = truth[rec.Path].Cycles;
            Assert.Equal(written.Count, read.Count);
            Assert.All(written.Zip(read), x =>
            {
                Assert.Equal(x.Item1.Start, x.Item2.Start, 3);
                Assert.Equal(x.Item1.End, x.Item2.End, 3);
                Assert.Equal((x.Item1.Crackles, x.Item1.Wheezes), (x.Item2.Crackles, x.Item2.Wheezes));
            });
        }
        Assert.Contains(icbhi.Recordings.Bind(r => (Seq<CycleAnnotation>)r.Cycles), c => c.Crackles);
        Assert.Contains(icbhi.Recordings.Bind(r => (Seq<CycleAnnotation>)r.Cycles), c => c.Wheezes);

        var summaries = scans.Map(s => DatasetSummary.Of(s, AudioProbe.Of, new ChunkParams(), TaskRegistry.Pneumonia));
        Assert.Equal(new[] { 4000, 44100 }, summaries[0].SampleRates.ToArray());
        Assert.Equal(new[] { 4000 }, summaries[1].SampleRates.ToArray());
        Assert.Equal(info.TotalSeconds, summaries.Sum(s => s.TotalSeconds), 3);
        Assert.All(info.Recordings, r => Assert.InRange((double)r.Samples / r.SampleRate, 10, 20));
    }

    [Fact]
    public void Same_seed_writes_identical_files_and_another_seed_different_ones()
    {
        var small = new SyntheticCorpusParams(IcbhiPatients: 3, JordanPatients: 3, MinSeconds: 4, MaxSeconds: 5);
        using var a = new TempFolder();
        using var b = new TempFolder();
        using var c = new TempFolder();
        var ia = SyntheticCorpus.Generate(a.Path, small);
        var ib = SyntheticCorpus.Generate(b.Path, small);
        var ic = SyntheticCorpus.Generate(c.Path, small with { Seed = small.Seed + 1 });
        Assert.Equal(ia.Recordings.Map(r => r.Name).ToArray(), ib.Recordings.Map(r => r.Name).ToArray());
        Assert.All(ia.Recordings.Zip(ib.Recordings), x => Assert.Equal(File.ReadAllBytes(x.Item1.Path), File.ReadAllBytes(x.Item2.Path)));
        Assert.Equal(File.ReadAllText(Path.Combine(a.Path, "icbhi", "ICBHI_Challenge_diagnosis.txt")), File.ReadAllText(Path.Combine(b.Path, "icbhi", "ICBHI_Challenge_diagnosis.txt")));
        Assert.NotEqual(File.ReadAllBytes(ia.Recordings[0].Path), File.ReadAllBytes(ic.Recordings[0].Path));
    }

    [Fact]
    public void Pneumonia_recordings_carry_far_more_transient_energy_than_the_others()
    {
        using var d = new TempFolder();
        var info = SyntheticCorpus.Generate(d.Path, new SyntheticCorpusParams(IcbhiPatients: 0, JordanPatients: 20, MinSeconds: 8, MaxSeconds: 10));
        // Mean absolute first difference over mean absolute value: crackles and tilt raise it.
        double Sharpness(SyntheticRecording r)
        {
            var bytes = File.ReadAllBytes(r.Path);
            var x = new double[(bytes.Length - 44) / 2];
            for (int i = 0; i < x.Length; i++) x[i] = BitConverter.ToInt16(bytes, 44 + 2 * i);
            double diff = 0, level = 0;
            for (int i = 1; i < x.Length; i++) { diff += Math.Abs(x[i] - x[i - 1]); level += Math.Abs(x[i]); }
            return diff / level;
        }
        var extended = info.Recordings.Filter(r => r.Name.StartsWith('E'));
        var pneumonia = extended.Filter(r => r.Pneumonia).Map(Sharpness).ToArray();
        var others = extended.Filter(r => !r.Pneumonia).Map(Sharpness).ToArray();
        Assert.NotEmpty(pneumonia);
        Assert.True(pneumonia.Min() > others.Max(), $"pneumonia {string.Join(", ", pneumonia.Select(v => v.ToString("F3")))}; others {string.Join(", ", others.Select(v => v.ToString("F3")))}");
    }

    [Fact]
    public void Bad_parameters_are_rejected_with_the_reason() =>
        Assert.Contains("pneumonia fraction", Assert.Throws<ArgumentException>(() =>
            SyntheticCorpus.Generate(Path.GetTempPath(), new SyntheticCorpusParams(PneumoniaFraction: 2))).Message);
}
