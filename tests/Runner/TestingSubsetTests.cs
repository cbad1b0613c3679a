using DataflowLung.Pipeline;
using DataflowLung.Experiments.Data;
using FsCheck;
using FsCheck.Fluent;
using LanguageExt;
using static LanguageExt.Prelude;

namespace DataflowLung.Tests.Runner;

public sealed class TestingSubsetTests
{
    private static bool Positive(IEnumerable<RecordingRef> patient) => patient.Any(r => r.Labels.Pneumonia == 1);

    private static Gen<Seq<RecordingRef>> Recordings =>
        from n in Gen.Choose(1, 60)
        from specs in (from d in Gen.Elements("icbhi", "jordan") from p in Gen.Choose(0, 12) select (Dataset: d, Patient: p)).ArrayOf(n)
        // a patient's label is the same on all its recordings
        select toSeq(specs.Select((s, i) => new RecordingRef(s.Dataset, $"/d/{s.Dataset}/{i}.wav", $"{s.Patient}_{i}", $"{s.Patient}",
            new RecordingLabels(s.Patient % 4 == 0 ? 1 : 0), None)));

    [Fact]
    public void The_subset_is_whole_patients_within_budget_keeping_both_classes_and_is_deterministic()
    {
        Prop.ForAll(Recordings.ToArbitrary(), Gen.Choose(2, 20).ToArbitrary(), (recordings, budget) =>
        {
            var subset = TestingSubset.Select(recordings, budget, Positive);
            var again = TestingSubset.Select(recordings.Rev(), budget, Positive);
            foreach (var dataset in recordings.Map(r => r.Dataset).Distinct())
            {
                var all = recordings.Filter(r => r.Dataset == dataset);
                var taken = subset.Filter(r => r.Dataset == dataset);
                var patientsTaken = taken.Map(r => r.Patient).Distinct().ToHashSet();
                // whole patients only
                Assert.Equal(all.Filter(r => patientsTaken.Contains(r.Patient)).Count, taken.Count);
                // both classes kept when present
                Assert.Equal(all.Exists(r => r.Labels.Pneumonia == 1), taken.Exists(r => r.Labels.Pneumonia == 1));
                Assert.Equal(all.Exists(r => r.Labels.Pneumonia == 0), taken.Exists(r => r.Labels.Pneumonia == 0));
                // the budget is only passed by the last patient added (or the two guaranteed first ones)
                var largestPatient = all.GroupBy(r => r.Patient).Max(g => g.Count());
                Assert.True(taken.Count <= Math.Max(budget, 0) + 2 * largestPatient);
            }
            Assert.Equal(subset.Map(r => r.Path).OrderBy(p => p).ToArray(), again.Map(r => r.Path).OrderBy(p => p).ToArray());
            return true;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(100));
    }
}
