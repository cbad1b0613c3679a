using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;

namespace DataflowLung.Pipeline.Datasets;

/// <summary>Antwerp and Antwerp-simulated (not public): the ICBHI loader on their folder, as the original did
/// (same-name ICBHI-format <c>.txt</c> cycle files, optional diagnosis file); patient = the first integer token
/// of the '_'-split file name.</summary>
public static class AntwerpAdapter
{
    public const string Name = "antwerp";
    public const string SimulatedName = "antwerp-sim";

    /// <summary>As ICBHI: pneumonia from the diagnosis file, crackles/wheezes per annotated cycle.</summary>
    public static DatasetLabels Provides { get; } = new(Pneumonia: true, CycleAnnotations: true);

    public const string Layout =
        "a flat folder of <...>_<patient number>_<...>.wav files (the first all-digit '_' token is the patient), each with a " +
        "same-name ICBHI-format .txt (start end crackles wheezes); optional patient_diagnosis.csv; or a manifest.csv";

    public static Fin<DatasetScan> Scan(string folder, DatasetOptions options) =>
        IcbhiAdapter.ScanAs(Name, folder, options with { ReadIcbhiOfficialSplit = false }, PatientOf);

    public static Fin<DatasetScan> ScanSimulated(string folder, DatasetOptions options) =>
        IcbhiAdapter.ScanAs(SimulatedName, folder, options with { ReadIcbhiOfficialSplit = false }, PatientOf);

    public static Fin<string> PatientOf(string name)
    {
        var token = name.Split('_').FirstOrDefault(t => t.Length > 0 && t.All(char.IsAsciiDigit));
        return token is not null ? FinSucc(token) : FinFail<string>(Error.New($"'{name}' has no all-digit '_'-separated token to use as the patient id"));
    }
}
