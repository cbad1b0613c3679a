namespace DataflowLung.Pipeline.Datasets;

/// <summary>Choices the adapters make where the behaviour and the original system's differ.
/// Defaults are the issue's: all three Jordan stethoscope filters (grouped by patient) and <c>Crep</c>
/// counted as crackles. The original used only the bell recordings (<c>JordanFilters = "B"</c>) and
/// did not count <c>Crep</c> (<c>CountCrepAsCrackles = false</c>). The original also read only PERCH's <c>*F.wav</c>
/// files (<see cref="PerchOnlyF"/>) and took Jordan's pneumonia labels from the dataset's <c>Data_annotation.xlsx</c>
/// when present (<see cref="JordanWorkbookLabels"/>); both off by default (every PERCH clip; labels from the names).</summary>
public sealed record DatasetOptions(
    string JordanFilters = "BDE",
    bool CountCrepAsCrackles = true,
    bool ReadIcbhiOfficialSplit = true,
    bool PerchOnlyF = false,
    bool JordanWorkbookLabels = false)
{
    public static DatasetOptions Original { get; } = new(JordanFilters: "B", CountCrepAsCrackles: false, PerchOnlyF: true, JordanWorkbookLabels: true);

    public IReadOnlyList<string> Problems()
    {
        var p = new List<string>();
        if (JordanFilters.Length == 0 || JordanFilters.ToUpperInvariant().Any(c => c is not ('B' or 'D' or 'E')))
            p.Add($"jordan_filters must be a non-empty combination of B, D, E (got '{JordanFilters}')");
        return p;
    }

    public bool KeepsJordanFilter(char filter) => JordanFilters.ToUpperInvariant().Contains(char.ToUpperInvariant(filter));
}
