using DataflowLung.Pipeline.Tasks;
using DataflowLung.Pipeline.Metrics;
using DataflowLung.Pipeline;
using DataflowLung.Experiments.Jobs;
using FsCheck;
using FsCheck.Fluent;
using static LanguageExt.Prelude;

namespace DataflowLung.Tests.Runner;

public sealed class PredictionLevelsTests
{
    private static RecordingRef Recording(string dataset, string patient, int index) =>
        new(dataset, $"/{dataset}/{patient}_{index}.wav", $"{patient}_{index}", patient, new RecordingLabels(int.Parse(patient) % 2), None);

    [Fact]
    public void Recordings_average_their_chunks_and_patients_average_their_recordings()
    {
        var gen =
            from n in Gen.Choose(1, 40)
            from specs in (from d in Gen.Elements("icbhi", "jordan") from p in Gen.Choose(1, 4) from r in Gen.Choose(0, 2) from q in Gen.Choose(0, 100)
                           select (Dataset: d, Patient: $"{p}", Index: r, P: q / 100f)).ArrayOf(n)
            select specs.Select((s, i) => new ChunkOutcome($"{s.Patient}_{s.Index}_{i}", Recording(s.Dataset, s.Patient, s.Index),
                [Recording(s.Dataset, s.Patient, s.Index).Labels.Pneumonia], [s.P])).ToArray();
        Prop.ForAll(gen.ToArbitrary(), chunks =>
        {
            var rows = PredictionLevels.FromChunkRows(chunks.Select(c => c.Row).ToArray(), TaskRegistry.Pneumonia);
            var recordings = rows.Where(r => r.Level == PredictionLevel.Recording).ToArray();
            var patients = rows.Where(r => r.Level == PredictionLevel.Patient).ToArray();
            Assert.Equal(chunks.Length, rows.Count(r => r.Level == PredictionLevel.Chunk));
            foreach (var rec in recordings)
            {
                var own = chunks.Where(c => c.Recording.Dataset == rec.Dataset && c.Recording.Name == rec.Recording).ToArray();
                Assert.Equal(own.Average(c => c.Probabilities[0]), rec.Probabilities[0], 5);
                Assert.Equal(own[0].Labels[0], rec.Labels[0]);
            }
            foreach (var patient in patients)
            {
                var own = recordings.Where(r => r.Dataset == patient.Dataset && r.Patient == patient.Patient).ToArray();
                Assert.Equal(own.Average(r => r.Probabilities[0]), patient.Probabilities[0], 5);
                Assert.Equal(own.Max(r => r.Labels[0]), patient.Labels[0]);
            }
            Assert.Equal(chunks.Select(c => (c.Recording.Dataset, c.Recording.Patient)).Distinct().Count(), patients.Length);
            return true;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(100));
    }
}
