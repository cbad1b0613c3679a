using System.Globalization;
using System.Text.RegularExpressions;
using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;

namespace DataflowLung.Pipeline.Datasets;

/// <summary>A KAUH (Jordan) recording name, <c>&lt;B|D|E&gt;P&lt;n&gt;_&lt;diagnosis&gt;,&lt;sound type&gt;,&lt;chest position&gt;,&lt;age&gt;,&lt;sex&gt;</c>,
/// e.g. <c>BP108_COPD,E W,P R L ,63,M</c>. B/D/E are the stethoscope filters (bell, diaphragm, extended) of one
/// recording of patient <c>n</c>. Fields are trimmed (real names have spaces before commas); the diagnosis is
/// kept as written and normalised separately (case, runs of spaces, the dataset's "Plueral").</summary>
public sealed partial record JordanName(char Filter, string Patient, string Diagnosis, string SoundType, string Position, int? Age, string Sex)
{
    [GeneratedRegex(@"^(?<f>[BDE])P(?<n>[0-9]+)_(?<rest>.+)$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Pattern();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    public static Fin<JordanName> Parse(string name)
    {
        var m = Pattern().Match(name.Trim());
        if (!m.Success)
            return Error.New($"'{name}' is not a Jordan name <B|D|E>P<patient>_<diagnosis>,<sound type>,<position>,<age>,<sex>");
        var fields = m.Groups["rest"].Value.Split(',').Select(f => f.Trim()).ToArray();
        if (fields.Length != 5)
            return Error.New($"'{name}': expected 5 comma-separated fields after '_' (diagnosis, sound type, position, age, sex), got {fields.Length}");
        if (fields[0].Length == 0) return Error.New($"'{name}': empty diagnosis");
        if (fields[1].Length == 0) return Error.New($"'{name}': empty sound type");
        int? age = int.TryParse(fields[3], NumberStyles.Integer, CultureInfo.InvariantCulture, out var a) ? a : null;
        // ASCII digits only (the pattern), and a range check: a number past int is a bad name, not a crash.
        if (!int.TryParse(m.Groups["n"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            return Error.New($"'{name}': patient number {m.Groups["n"].Value} is out of range (at most {int.MaxValue})");
        var patient = number.ToString(CultureInfo.InvariantCulture);
        return new JordanName(char.ToUpperInvariant(m.Groups["f"].Value[0]), patient, fields[0], fields[1], fields[2], age, fields[4]);
    }

    /// <summary>Lower case, single spaces, the dataset's misspelling "plueral" corrected.</summary>
    public string NormalisedDiagnosis => NormaliseDiagnosis(Diagnosis);

    public static string NormaliseDiagnosis(string diagnosis) =>
        Spaces().Replace(diagnosis.Trim().ToLowerInvariant(), " ").Replace("plueral", "pleural");

    /// <summary>The parts of a combined diagnosis ("heart failure + copd", "asthma and lung fibrosis").</summary>
    public Seq<string> DiagnosisParts =>
        toSeq(NormalisedDiagnosis.Split(["+", " and "], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    public bool IsPneumonia => DiagnosisParts.Exists(p => p == "pneumonia");

    public static readonly Seq<string> KnownDiagnoses =
        Seq("n", "asthma", "heart failure", "copd", "lung fibrosis", "bron", "pleural effusion", "pneumonia");

    public Seq<string> UnknownDiagnosisParts => DiagnosisParts.Filter(p => !KnownDiagnoses.Contains(p));

    /// <summary>Sound-type tokens, upper case: N normal, C / Crep crackles, E expiratory, I inspiratory,
    /// W wheeze, B / Bronchial bronchial.</summary>
    public Seq<string> SoundTokens =>
        toSeq(Spaces().Split(SoundType.Trim().ToUpperInvariant())).Filter(t => t.Length > 0);

    public static readonly Seq<string> KnownSoundTokens = Seq("N", "C", "CREP", "E", "W", "I", "B", "BRONCHIAL");

    public Seq<string> UnknownSoundTokens => SoundTokens.Filter(t => !KnownSoundTokens.Contains(t));

    public bool HasCrackles(bool countCrep) => SoundTokens.Exists(t => t == "C" || (countCrep && t == "CREP"));

    public bool HasWheezes => SoundTokens.Exists(t => t == "W");
}
