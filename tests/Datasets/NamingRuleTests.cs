using DataflowLung.Pipeline;
using DataflowLung.Pipeline.Datasets;
using LanguageExt;

namespace DataflowLung.Tests.Datasets;

public sealed class NamingRuleTests
{
    [Fact]
    public void Icbhi_name_gives_the_patient_as_first_field()
    {
        var n = IcbhiName.Parse("104_1b1_Al_sc_Litt3200").ThrowIfFail();
        Assert.Equal(("104", "1b1", "Al", "sc", "Litt3200"), (n.Patient, n.RecordingIndex, n.Location, n.Mode, n.Device));
        Assert.True(IcbhiName.Parse("ICBHI_Challenge_diagnosis").IsFail);
        Assert.True(IcbhiName.Parse("104_1b1_Al_xx_Litt3200").IsFail);
    }

    [Theory]
    [InlineData("BP108_COPD,E W,P R L ,63,M", 'B', "108", "copd", "P R L", 63, "M")]
    [InlineData("DP36_pneumonia,Crep,P R M,36,F", 'D', "36", "pneumonia", "P R M", 36, "F")]
    [InlineData("EP12_Heart Failure + Lung Fibrosis ,I C,P L R,72,F", 'E', "12", "heart failure + lung fibrosis", "P L R", 72, "F")]
    [InlineData("BP7_Plueral Effusion,I C B,P L R,81,M", 'B', "7", "pleural effusion", "P L R", 81, "M")]
    [InlineData("bp007_N,N,P,90,F", 'B', "7", "n", "P", 90, "F")]
    public void Jordan_name_fields_are_trimmed_and_the_diagnosis_normalised(string name, char filter, string patient, string diagnosis, string position, int age, string sex)
    {
        var n = JordanName.Parse(name).ThrowIfFail();
        Assert.Equal((filter, patient, diagnosis, position, (int?)age, sex), (n.Filter, n.Patient, n.NormalisedDiagnosis, n.Position, n.Age, n.Sex));
        Assert.Empty(n.UnknownDiagnosisParts);
        Assert.Empty(n.UnknownSoundTokens);
    }

    [Theory]
    [InlineData("BP1_N,N,P R U,81,F", false, false, false, false)]
    [InlineData("BP1_asthma,E W,P R U,81,F", false, true, false, true)]
    [InlineData("BP1_copd,C,P R U,81,F", true, false, true, false)]
    [InlineData("BP1_BRON,Crep,P R U,81,F", true, false, false, false)]
    [InlineData("BP1_x,I C E W,P R U,81,F", true, true, true, true)]
    [InlineData("BP1_x,Bronchial,P R U,81,F", false, false, false, false)]
    public void Jordan_sound_type_gives_recording_level_crackles_and_wheezes(string name, bool crackles, bool wheezes, bool cracklesOriginal, bool wheezesOriginal)
    {
        var n = JordanName.Parse(name).ThrowIfFail();
        Assert.Equal((crackles, wheezes), (n.HasCrackles(countCrep: true), n.HasWheezes));
        Assert.Equal((cracklesOriginal, wheezesOriginal), (n.HasCrackles(countCrep: false), n.HasWheezes));
    }

    [Theory]
    [InlineData("BP36_pneumonia,Crep,P R M,36,F", true)]
    [InlineData("BP36_Pneumonia ,Crep,P R M,36,F", true)]
    [InlineData("BP36_PNEUMONIA,Crep,P R M,36,F", true)]
    [InlineData("BP36_heart failure + pneumonia,Crep,P R M,36,F", true)]
    [InlineData("BP36_asthma,E W,P R M,36,F", false)]
    public void Jordan_pneumonia_label_comes_from_the_diagnosis_case_insensitively(string name, bool pneumonia) =>
        Assert.Equal(pneumonia, JordanName.Parse(name).ThrowIfFail().IsPneumonia);

    [Fact]
    public void Jordan_unknown_codes_are_reported_and_malformed_names_fail_with_the_reason()
    {
        var n = JordanName.Parse("BP5_Sarcoidosis,X Q,P R M,36,F").ThrowIfFail();
        Assert.Equal(new[] { "sarcoidosis" }, n.UnknownDiagnosisParts.ToArray());
        Assert.Equal(new[] { "X", "Q" }, n.UnknownSoundTokens.ToArray());
        Assert.Contains("5 comma-separated", ((LanguageExt.Common.Error)JordanName.Parse("BP5_asthma,E W,P R M")).Message);
        Assert.True(JordanName.Parse("XP5_asthma,E W,P R M,3,F").IsFail);
    }

    [Theory]
    [InlineData("PEP", 1)]
    [InlineData(" pep ", 1)]
    [InlineData("NO PEP", 0)]
    [InlineData("No Pep", 0)]
    [InlineData("uninterpretable", -1)]
    [InlineData("", -1)]
    public void Bd_pep1_column_maps_to_pneumonia(string value, int label) => Assert.Equal(label, BdAdapter.PepLabel(value));

    [Fact]
    public void Perch_and_antwerp_patient_rules()
    {
        Assert.Equal("P0123", PerchAdapter.PatientOf("P0123-4").ThrowIfFail());
        Assert.True(PerchAdapter.PatientOf("P0123").IsFail);
        Assert.Equal("17", AntwerpAdapter.PatientOf("sim_17_left_3").ThrowIfFail());
        Assert.Equal("5", AntwerpAdapter.PatientOf("5_x_12").ThrowIfFail());
        Assert.True(AntwerpAdapter.PatientOf("abc_def").IsFail);
    }

    [Fact]
    public void Csv_lines_keep_commas_inside_quotes()
    {
        Assert.Equal(new[] { "BP1_N,N,P,3,F.wav", "1", "0" }, Csv.SplitLine("\"BP1_N,N,P,3,F.wav\",1,0").ThrowIfFail());
        Assert.Equal(new[] { "a \"b\"", "" }, Csv.SplitLine("\"a \"\"b\"\"\",").ThrowIfFail());
        Assert.True(Csv.SplitLine("\"open,1").IsFail);
    }

    [Fact]
    public void Annotation_lines_split_on_any_whitespace_and_bad_lines_name_the_file_and_line()
    {
        var cycles = CycleAnnotationFile.Parse(["0\t        1.8771\t0\t0", "1.8771 \t 3.7543  1\t1", ""], "x.txt").ThrowIfFail();
        Assert.Equal(new[] { new CycleAnnotation(0, 1.8771, false, false), new CycleAnnotation(1.8771, 3.7543, true, true) }, cycles.ToArray());
        var bad = (LanguageExt.Common.Error)CycleAnnotationFile.Parse(["0 1 0 0", "2 1 0 0"], "x.txt");
        Assert.Contains("x.txt:2", bad.Message);
        Assert.True(CycleAnnotationFile.Parse(["0 1 2 0"], "x.txt").IsFail);
        Assert.True(CycleAnnotationFile.Parse(["0 1 0"], "x.txt").IsFail);
        Assert.True(CycleAnnotationFile.Parse([], "x.txt").IsFail);
    }
}
