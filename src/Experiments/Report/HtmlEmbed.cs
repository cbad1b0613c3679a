using System.Net;

namespace DataflowLung.Experiments.Report;

/// <summary>Self-contained page pieces: text escaped for HTML, files inline as <c>data:</c> URIs (no network, no
/// side files), under a byte budget so the page stays light: what does not fit is named, not embedded.</summary>
public sealed class HtmlEmbed(string jobDirectory, long budgetBytes)
{
    long used;

    public static string Text(string? s) => WebUtility.HtmlEncode(s ?? "");

    /// <summary>The file (relative to the job folder) as a data URI, or null when it is missing or over the budget.</summary>
    public string? DataUri(string relativePath, string mediaType)
    {
        var path = Path.Combine(jobDirectory, relativePath);
        if (!File.Exists(path)) return null;
        var length = new FileInfo(path).Length;
        if (used + length * 4 / 3 > budgetBytes) return null;
        var bytes = File.ReadAllBytes(path);
        used += bytes.Length * 4L / 3;
        return $"data:{mediaType};base64,{Convert.ToBase64String(bytes)}";
    }

    public string Image(string relativePath, string alt, string cssClass = "")
    {
        var uri = DataUri(relativePath, "image/png");
        return uri is null
            ? $"<p class=\"missing\">{Text(alt)}: not embedded (see <code>{Text(relativePath)}</code>)</p>"
            : $"<img src=\"{uri}\" alt=\"{Text(alt)}\" class=\"{cssClass}\">";
    }

    public string Audio(string relativePath)
    {
        var uri = DataUri(relativePath, "audio/wav");
        return uri is null
            ? $"<p class=\"missing\">audio not embedded (see <code>{Text(relativePath)}</code>)</p>"
            : $"<audio controls preload=\"none\" src=\"{uri}\"></audio>";
    }
}
