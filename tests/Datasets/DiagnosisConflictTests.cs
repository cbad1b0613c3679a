using DataflowLung.Pipeline.Datasets;

namespace DataflowLung.Tests.Datasets;

/// <summary>Issue 23: a diagnosis file naming a patient twice with two labels kept the last line silently; now it
/// is an error naming both lines. The same label twice is harmless and still reads.</summary>
public class DiagnosisConflictTests
{
    [Fact]
    public void Two_labels_for_one_patient_name_both_lines()
    {
        using var dir = new TempFolder();
        var path = dir.File("patient_diagnosis.csv", "101,URTI\n102,Healthy\n101,Pneumonia\n");
        var message = DiagnosisFile.Read(path).Match(Succ: _ => "(read)", Fail: e => e.Message);
        Assert.Equal($"{path}: patient 101 has two diagnoses: line 1 says 'URTI', line 3 says 'Pneumonia'", message);
    }

    [Fact]
    public void The_same_label_twice_reads()
    {
        using var dir = new TempFolder();
        var path = dir.File("patient_diagnosis.csv", "101\tURTI\n101\turti\n102\tHealthy\n");
        var map = DiagnosisFile.Read(path).Match(Succ: m => m, Fail: e => throw new Xunit.Sdk.XunitException(e.Message));
        Assert.Equal(2, map.Count);
    }
}
