using DataflowLung.Pipeline.Tasks;
using DataflowLung.Pipeline;
using DataflowLung.Pipeline.Audio;
using DataflowLung.Pipeline.Datasets;
using DataflowLung.Tests.Support;
using LanguageExt;

namespace DataflowLung.Tests.Datasets;

/// <summary>The SPRSound adapter on the subset in ../shared/data/sprsound, against its SOURCES.md counts, and the
/// release's test clips against the events they were cut from.</summary>
public sealed class SprsoundRealDataTests
{
    static DatasetScan Scan(string folder) => SprsoundAdapter.Scan(folder, new DatasetOptions()).ThrowIfFail();

    static int Count(Seq<RecordingRef> recordings, string part) => recordings.Count(r => r.OfficialPart == part);

    [SkippableFact]
    public void Counts_match_the_folder_and_sources_md()
    {
        var folder = TestData.Dataset("sprsound");
        Skip.If(folder is null, TestData.SkipReason);
        var scan = Scan(folder!);

        Assert.Empty(scan.Skipped);
        Assert.Empty(scan.Warnings);
        Assert.Equal(Directory.GetFiles(Path.Combine(folder!, "train_wav"), "*.wav").Length + Directory.GetFiles(Path.Combine(folder!, "test_wav"), "*.wav").Length,
            scan.Recordings.Count);
        Assert.Equal((128, 25, 25), (Count(scan.Recordings, OfficialParts.Train), Count(scan.Recordings, OfficialParts.InterTest), Count(scan.Recordings, OfficialParts.IntraTest)));

        var train = scan.Recordings.Filter(r => r.OfficialPart == OfficialParts.Train);
        Assert.Equal("CAS 20, CAS & DAS 8, DAS 21, Normal 74, Poor Quality 5",
            string.Join(", ", train.GroupBy(r => r.RecordAnnotation.IfNone("")).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count()}")));
        Assert.Equal("Coarse Crackle 2, Fine Crackle 42, Normal 340, Rhonchi 5, Stridor 1, Wheeze 41, Wheeze+Crackle 6",
            string.Join(", ", train.Bind(r => r.Events.IfNone(Seq<EventAnnotation>.Empty)).GroupBy(e => e.Type).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count()}")));
        Assert.All(scan.Recordings.Filter(r => r.RecordAnnotation == "Poor Quality"), r => Assert.Equal(0, r.Events.Map(e => e.Count).IfNone(-1)));

        var trainPatients = train.GroupBy(r => r.Patient).Select(g => g.First().Labels.Diagnosis).ToArray();
        Assert.Equal(16, trainPatients.Length);
        Assert.Equal((9, 3, 2, 1, 1), (trainPatients.Count(PatientSummaryTable.IsPneumonia), trainPatients.Count(d => d == "Asthma"),
            trainPatients.Count(d => d == "Other respiratory diseases"), trainPatients.Count(d => d == "Bronchitis"), trainPatients.Count(d => d == "Control Group")));

        var inter = scan.Recordings.Filter(r => r.OfficialPart == OfficialParts.InterTest);
        Assert.Equal(new[] { "40512331", "40888395", "40970076", "41031554" }, inter.Map(r => r.Patient).Distinct().OrderBy(p => p, StringComparer.Ordinal).ToArray());
        Assert.Equal(new[] { "40512331", "40888395" }, inter.Filter(r => r.Labels.Pneumonia == 1).Map(r => r.Patient).Distinct().OrderBy(p => p, StringComparer.Ordinal).ToArray());
        Assert.Empty(inter.Map(r => r.Patient).Intersect(train.Map(r => r.Patient)));

        var intra = scan.Recordings.Filter(r => r.OfficialPart == OfficialParts.IntraTest);
        var intraPatients = intra.Map(r => r.Patient).Distinct().ToArray();
        Assert.Equal(4, intraPatients.Length);
        Assert.All(intraPatients, p => Assert.Contains(p, train.Map(r => r.Patient)));
        Assert.Equal(20, scan.PatientCount);

        var summary = DatasetSummary.Of(scan, AudioProbe.Of, new ChunkParams(), TaskRegistry.Pneumonia);
        Assert.Equal(new[] { 8000 }, summary.SampleRates.ToArray());
        Assert.Empty(summary.Skipped);
        Assert.Equal("105 (105 of 105 test events have theirs)", summary.Details.Find(r => r.Name == "test clips").Map(r => r.Value));
    }

    /// <summary>Every clip in test_clip/ is the i-th json event of its recording, cut at [start·sr/1000, end·sr/1000)
    /// in integer milliseconds (<see cref="EventAnnotation.Samples"/>), sample for sample; numbering them by time
    /// order instead would not match.</summary>
    [SkippableFact]
    public void Every_test_clip_is_its_events_samples_of_the_test_recording()
    {
        var folder = TestData.Dataset("sprsound");
        Skip.If(folder is null, TestData.SkipReason);
        var tests = Scan(folder!).Recordings.Filter(r => r.OfficialPart.Exists(p => p != OfficialParts.Train));
        var clipFolder = Path.Combine(folder!, SprsoundAdapter.TestClip);

        var expected = tests.Bind(SprsoundAdapter.TestClips).ToArray();
        Assert.Equal(Directory.GetFiles(clipFolder, "*.wav").Order(StringComparer.Ordinal), expected.Order(StringComparer.Ordinal));
        Assert.Equal(105, expected.Length);

        int checkedClips = 0, outOfTimeOrder = 0;
        foreach (var rec in tests)
        {
            var signal = WavReader.Read(rec.Path).ThrowIfFail();
            var events = rec.Events.IfNone(Seq<EventAnnotation>.Empty);
            var clips = SprsoundAdapter.TestClips(rec);
            for (int i = 0; i < events.Count; i++)
            {
                var clip = WavReader.Read(clips[i]).ThrowIfFail();
                Assert.Equal(signal.SampleRate, clip.SampleRate);
                var (start, end) = events[i].Samples(signal.SampleRate);
                Assert.True(end <= signal.Samples.Length, $"{clips[i]}: event ends past the recording");
                Assert.True(signal.Samples.AsSpan((int)start, (int)(end - start)).SequenceEqual(clip.Samples), $"{clips[i]} is not samples [{start}, {end}) of {rec.Path}");
                checkedClips++;
            }
            if (!events.Map(e => e.Start).SequenceEqual(events.Map(e => e.Start).OrderBy(t => t))) outOfTimeOrder++;
        }
        Assert.Equal(105, checkedClips);
        Assert.Equal(16, outOfTimeOrder); // the numbering follows the file, not the clock

        // Byte for byte too: a clip's data chunk is the slice of the recording's (16-bit, so sample i is bytes 2i, 2i+1).
        var first = tests.Find(r => r.Events.Exists(e => e.Count > 1)).IfNone(() => throw new Xunit.Sdk.XunitException("no test recording with two events"));
        var (s1, e1) = first.Events.Map(e => e[1]).IfNone(() => throw new Xunit.Sdk.XunitException("no second event")).Samples(8000);
        Assert.Equal(DataChunk(first.Path)[(int)(2 * s1)..(int)(2 * e1)], DataChunk(SprsoundAdapter.TestClips(first)[1]));
    }

    /// <summary>The bytes of a plain RIFF file's data chunk.</summary>
    static byte[] DataChunk(string path)
    {
        var bytes = File.ReadAllBytes(path);
        for (int at = 12; at + 8 <= bytes.Length;)
        {
            int size = BitConverter.ToInt32(bytes, at + 4);
            if (System.Text.Encoding.ASCII.GetString(bytes, at, 4) == "data") return bytes[(at + 8)..(at + 8 + size)];
            at += 8 + size + (size & 1);
        }
        throw new Xunit.Sdk.XunitException($"{path}: no data chunk");
    }
}
