using System.Text.RegularExpressions;
using LanguageExt;
using LanguageExt.Common;

namespace DataflowLung.Pipeline.Datasets;

/// <summary>An ICBHI 2017 recording name, <c>&lt;patient&gt;_&lt;recording&gt;_&lt;location&gt;_&lt;mode&gt;_&lt;device&gt;</c>
/// (e.g. <c>104_1b1_Al_sc_Litt3200</c>). The patient id is the first field.</summary>
public sealed partial record IcbhiName(string Patient, string RecordingIndex, string Location, string Mode, string Device)
{
    [GeneratedRegex(@"^(?<p>[0-9]+)_(?<r>[0-9A-Za-z]+)_(?<l>[A-Za-z]+)_(?<m>sc|mc)_(?<d>[0-9A-Za-z]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    public static Fin<IcbhiName> Parse(string name)
    {
        var m = Pattern().Match(name);
        return m.Success
            ? new IcbhiName(m.Groups["p"].Value, m.Groups["r"].Value, m.Groups["l"].Value, m.Groups["m"].Value, m.Groups["d"].Value)
            : Error.New($"'{name}' is not an ICBHI name <patient>_<recording>_<location>_<sc|mc>_<device>");
    }
}
