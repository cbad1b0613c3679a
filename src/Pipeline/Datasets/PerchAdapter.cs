using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;

namespace DataflowLung.Pipeline.Datasets;

/// <summary>PERCH (not public; 8 kHz, 10 s clips, used for crackles/wheezes): <c>&lt;id&gt;-&lt;n&gt;.wav</c> with
/// ICBHI-format cycle <c>.txt</c> files; patient = the text before the first '-'. Pneumonia labels come from
/// an optional diagnosis file as for ICBHI, else unknown (-1). <see cref="DatasetOptions.PerchOnlyF"/>: only the
/// <c>*F.wav</c> clips, as the original globbed them.</summary>
public static class PerchAdapter
{
    public const string Name = "perch";

    /// <summary>Crackles/wheezes per annotated cycle; its optional diagnoses do not make a pneumonia dataset.</summary>
    public static DatasetLabels Provides { get; } = new(CycleAnnotations: true);

    public const string Layout =
        "a flat folder of <patient>-<n>.wav clips (8 kHz, 10 s) each with a same-name ICBHI-format .txt " +
        "(start end crackles wheezes); optional patient_diagnosis.csv; or a manifest.csv";

    public static Fin<DatasetScan> Scan(string folder, DatasetOptions options)
    {
        var diagnoses = AnnotatedFolder.Diagnoses(Name, folder);
        var scan = AnnotatedFolder.Scan(Name, folder, PatientOf, diagnoses.LabelsOf, diagnoses.Warnings);
        scan = AnnotatedFolder.WarnUnlabelledPatients(scan, diagnoses) with { Skipped = scan.Skipped + diagnoses.Problems };
        return options.PerchOnlyF ? OnlyF(scan) : scan;
    }

    /// <summary>The original globbed <c>*F.wav</c>: the other clips are skipped, each with that reason.</summary>
    public static DatasetScan OnlyF(DatasetScan scan)
    {
        bool IsF(RecordingRef r) => r.Name.EndsWith('F');
        return scan with
        {
            Recordings = scan.Recordings.Filter(IsF),
            Skipped = scan.Skipped + scan.Recordings.Filter(r => !IsF(r)).Map(r => new SkippedFile(r.Path, "not an *F.wav clip (perch_f_only, as the original read PERCH)")),
        };
    }

    public static Fin<string> PatientOf(string name)
    {
        int dash = name.IndexOf('-');
        return dash > 0 ? FinSucc(name[..dash]) : FinFail<string>(Error.New($"'{name}' is not a PERCH name <patient>-<n>"));
    }
}
