using DataflowLung.Pipeline.Tasks;
using DataflowLung.Pipeline;
using DataflowLung.Pipeline.Datasets;
using LanguageExt;
using static LanguageExt.Prelude;

namespace DataflowLung.Tests.Datasets;

/// <summary>The challenge's split is by recording name: the cycles task accepts a patient on both sides (the full
/// ICBHI list has two), other tasks refuse; a folder without the list falls back to the patient split when the
/// split is not required.</summary>
public sealed class OfficialSplitCyclesTests
{
    static DatasetScan Scan(TempFolder dir)
    {
        var path = dir.File("split.txt", "156_1b1_Al_sc_Meditron\ttrain\r\n156_2b1_Ar_mc_LittC2SE\ttest\r\n101_1b1_Al_sc_Meditron\ttest\r\n103_2b2_Ar_mc_LittC2SE\ttrain\r\n");
        var official = OfficialSplit.Parse(path).ThrowIfFail();
        var recs = Seq(
            Recordings.Annotated(new CycleAnnotation(0, 1, false, false)) with { Name = "156_1b1_Al_sc_Meditron", Patient = "156", Dataset = "icbhi" },
            Recordings.Annotated(new CycleAnnotation(0, 1, true, false)) with { Name = "156_2b1_Ar_mc_LittC2SE", Patient = "156", Dataset = "icbhi" },
            Recordings.Annotated(new CycleAnnotation(0, 1, false, true)) with { Name = "101_1b1_Al_sc_Meditron", Patient = "101", Dataset = "icbhi" },
            Recordings.Annotated(new CycleAnnotation(0, 1, false, false)) with { Name = "103_2b2_Ar_mc_LittC2SE", Patient = "103", Dataset = "icbhi" });
        return new DatasetScan("icbhi", recs, Empty, Empty, Some(official));
    }

    [Fact]
    public void Cycles_task_follows_the_list_by_recording_and_notes_the_patients_on_both_sides()
    {
        using var dir = new TempFolder();
        var split = PatientSplit.SplitScans(Seq1(Scan(dir)), new SplitParams(UseOfficialIcbhiSplit: true), TaskRegistry.Cycles).ThrowIfFail();
        Assert.Equal(new[] { "156_1b1_Al_sc_Meditron", "103_2b2_Ar_mc_LittC2SE" }, split.Train.Map(r => r.Name).ToArray());
        Assert.Equal(new[] { "156_2b1_Ar_mc_LittC2SE", "101_1b1_Al_sc_Meditron" }, split.Validation.Map(r => r.Name).ToArray());
        Assert.Contains(split.Notes, n => n.Contains("icbhi:156") && n.Contains("both sides"));
    }

    [Fact]
    public void Tasks_scored_by_patient_refuse_a_patient_on_both_sides()
    {
        using var dir = new TempFolder();
        var cw = PatientSplit.SplitScans(Seq1(Scan(dir)), new SplitParams(UseOfficialIcbhiSplit: true), TaskRegistry.CracklesWheezes);
        Assert.True(cw.IsFail);
        Assert.Contains("icbhi:156", ((LanguageExt.Common.Error)cw).Message);
    }

    [Fact]
    public void Without_the_list_the_split_falls_back_to_patients_unless_it_is_required()
    {
        using var dir = new TempFolder();
        var scan = Scan(dir) with { OfficialSplit = None };
        var optional = PatientSplit.SplitScans(Seq1(scan), new SplitParams(UseOfficialIcbhiSplit: true, OfficialSplitRequired: false), TaskRegistry.Cycles)
            .ThrowIfFail();
        Assert.Contains(optional.Notes, n => n.Contains("no ICBHI_challenge_train_test.txt") && n.Contains("by patient"));
        Assert.Equal(4, optional.Train.Count + optional.Validation.Count);
        PatientSplit.AssertNoPatientOnBothSides(optional);
        Assert.True(PatientSplit.SplitScans(Seq1(scan), new SplitParams(UseOfficialIcbhiSplit: true), TaskRegistry.Cycles).IsFail);
    }
}
