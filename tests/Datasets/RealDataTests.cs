using DataflowLung.Pipeline.Tasks;
using DataflowLung.Pipeline.Audio;
using DataflowLung.Pipeline;
using DataflowLung.Pipeline.Datasets;
using DataflowLung.Tests.Support;
using LanguageExt;

namespace DataflowLung.Tests.Datasets;

/// <summary>The loaders over the real recordings in ../shared/data, against the counts in its SOURCES.md and
/// the files actually present.</summary>
public sealed class RealDataTests
{
    [SkippableFact]
    public void Icbhi_counts_match_the_folder_and_sources_md()
    {
        var folder = TestData.Dataset("icbhi");
        Skip.If(folder is null, TestData.SkipReason);
        var scan = IcbhiAdapter.Scan(folder!, new DatasetOptions()).ThrowIfFail();
        int wavs = Directory.GetFiles(folder!, "*.wav").Length;

        Assert.Equal(wavs, scan.Recordings.Count + scan.Skipped.Count);
        Assert.Equal(14, scan.Recordings.Count);
        Assert.Empty(scan.Skipped);
        Assert.Empty(scan.Warnings);
        Assert.Equal(7, scan.PatientCount);
        Assert.All(scan.Recordings, r => Assert.Equal(0, r.Labels.Pneumonia));
        var cycles = scan.Recordings.Bind(r => r.Cycles.IfNone(Seq<CycleAnnotation>.Empty));
        Assert.Equal((126, 10, 26, 1), (cycles.Count, cycles.Count(c => c.Crackles), cycles.Count(c => c.Wheezes), cycles.Count(c => c.Crackles && c.Wheezes)));
        Assert.Equal(Directory.GetFiles(folder!, "*.txt").Length - 2, scan.Recordings.Count); // diagnosis + split files are not annotations

        var official = (OfficialSplit)scan.OfficialSplit;
        var split = PatientSplit.SplitScans(LanguageExt.Prelude.Seq1(scan), new SplitParams(UseOfficialIcbhiSplit: true), TaskRegistry.Pneumonia).ThrowIfFail();
        Assert.Equal(920, official.IsTrainByRecording.Count);
        Assert.Equal((4, 10), (split.Train.Count, split.Validation.Count));

        var summary = DatasetSummary.Of(scan, AudioProbe.Of, new ChunkParams(), TaskRegistry.CracklesWheezes);
        Assert.Equal(new[] { 4000, 44100 }, summary.SampleRates.ToArray());
        Assert.Equal((91, 9, 25, 1), (DatasetSummary.CountOf(summary.Cycles, "none"), DatasetSummary.CountOf(summary.Cycles, "crackles"),
            DatasetSummary.CountOf(summary.Cycles, "wheezes"), DatasetSummary.CountOf(summary.Cycles, "both")));
    }

    [SkippableFact]
    public void Jordan_counts_match_the_folder_and_sources_md()
    {
        var folder = TestData.Dataset("jordan");
        Skip.If(folder is null, TestData.SkipReason);
        var scan = JordanAdapter.Scan(folder!, new DatasetOptions()).ThrowIfFail();

        Assert.Equal(Directory.GetFiles(folder!, "*.wav").Length, scan.Recordings.Count);
        Assert.Equal(234, scan.Recordings.Count);
        Assert.Empty(scan.Skipped);
        Assert.Empty(scan.Warnings);
        Assert.Equal(78, scan.PatientCount);
        Assert.All(scan.Recordings.GroupBy(r => r.Patient), g => Assert.Equal("BDE", string.Concat(g.Select(r => r.Name[0]).OrderBy(c => c))));
        var pneumonia = scan.Recordings.Filter(r => r.Labels.Pneumonia == 1);
        Assert.Equal(9, pneumonia.Count);
        Assert.Equal(new[] { "36", "37", "69" }, pneumonia.Map(r => r.Patient).Distinct().OrderBy(p => int.Parse(p)).ToArray());
        // Files by sound type (SOURCES.md): crackles = Crep 54 + C 9 + I C 3 + I C E W 3 + I C B 3; wheezes = E W 84 + I C E W 3.
        Assert.Equal(72, scan.Recordings.Count(r => r.Labels.Crackles == true));
        Assert.Equal(87, scan.Recordings.Count(r => r.Labels.Wheezes == true));

        var original = JordanAdapter.Scan(folder!, DatasetOptions.Original).ThrowIfFail();
        Assert.Equal(78, original.Recordings.Count);
        Assert.Equal(6, original.Recordings.Count(r => r.Labels.Crackles == true));

        var split = PatientSplit.Split(scan.Recordings, new SplitParams(), TaskRegistry.Pneumonia);
        Assert.Equal(234, split.Train.Count + split.Validation.Count);
        Assert.Equal(16, split.Validation.Map(r => r.Patient).Distinct().Count()); // ⌈0.2 × 3⌉ + ⌈0.2 × 75⌉
        Assert.Equal(1, split.Validation.Filter(r => r.Labels.Pneumonia == 1).Map(r => r.Patient).Distinct().Count());

        var summary = DatasetSummary.Of(scan, AudioProbe.Of, new ChunkParams(), TaskRegistry.Pneumonia);
        Assert.Equal(new[] { 4000 }, summary.SampleRates.ToArray());
        Assert.Equal((3, 75), (DatasetSummary.CountOf(summary.PatientPneumonia, "pneumonia"), DatasetSummary.CountOf(summary.PatientPneumonia, "non-pneumonia")));
    }
}
