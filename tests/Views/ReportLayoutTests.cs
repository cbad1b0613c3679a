using AngleSharp.Html.Parser;
using DataflowLung.Experiments.Report;
using DataflowLung.Tests.Runner;

namespace DataflowLung.Tests.Views;

/// <summary>report.html's order and its anecdotal banner, parsed strictly (no browser needed).</summary>
public sealed class ReportLayoutTests : IDisposable
{
    readonly TempFolder tmp = new();

    public void Dispose() => tmp.Dispose();

    [Fact]
    public void Summary_then_banner_then_curves_then_confusion_tables_then_metrics_and_no_confusion_images()
    {
        JobFolderFixture.Write(tmp.Path, "tiny", skill: 0.3);
        var html = File.ReadAllText(tmp.Combine("report.html"));
        var document = new HtmlParser(new HtmlParserOptions { IsStrictMode = true }).ParseDocument(html);
        var order = document.QuerySelectorAll("body > section").Select(s => s.Id is { Length: > 0 } id ? id : s.QuerySelector("h2")?.TextContent ?? "").ToList();
        Assert.Equal("summary", order[0]);
        Assert.Equal("anecdotal", order[1]);
        Assert.Equal("Curves", order[2]);
        Assert.StartsWith("Confusion matrices", order[3]);
        Assert.StartsWith("Validation metrics", order[4]);
        Assert.Equal(3, document.QuerySelectorAll("table.cm").Length);
        Assert.DoesNotContain(document.QuerySelectorAll("img"), i => (i.GetAttribute("alt") ?? "").Contains("confusion"));
        Assert.Empty(document.QuerySelectorAll("script, link, iframe"));
    }

    [Fact]
    public void Anecdotal_reasons_name_the_level_with_few_positives_and_the_wide_interval()
    {
        var report = JobFolderFixture.Write(tmp.Path, "tiny", skill: 0.3);
        var reasons = ReportHtml.AnecdotalReasons(report, "auc");
        // 12 patients, every third positive: 4 positive patients, 8 positive recordings, 16 positive chunks.
        Assert.Contains("validation, patient level: 4 positives (fewer than 10)", reasons);
        Assert.Contains("validation, recording level: 8 positives (fewer than 10)", reasons);
        Assert.DoesNotContain(reasons, r => r.StartsWith("validation, chunk level: 16", StringComparison.Ordinal));
        Assert.Equal(report.Val!.Patient.Intervals!["auc"].Width > 0.3, reasons.Any(r => r.Contains("patient level: the auc interval")));
    }

    [Fact]
    public void Enough_positives_and_narrow_intervals_give_no_banner()
    {
        var report = JobFolderFixture.Write(tmp.Path, "tiny", skill: 0.9, patients: 60);
        Assert.Empty(ReportHtml.AnecdotalReasons(report, "auc"));
        Assert.DoesNotContain("id=\"anecdotal\"", File.ReadAllText(tmp.Combine("report.html")));
    }
}
