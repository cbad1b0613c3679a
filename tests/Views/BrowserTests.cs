using System.Globalization;
using System.Text.Json.Nodes;
using DataflowLung.Experiments.Compare;
using DataflowLung.Tests.Runner;

namespace DataflowLung.Tests.Views;

/// <summary>report.html and compare.html opened in the system's headless Chromium (<see cref="HeadlessChromium"/>):
/// every image loads and decodes, no console error, exception or log error appears, and the numbers on the page are
/// report.json's and the comparison's. Skips, saying why, when no Chromium is installed (Debian: <c>apt-get install chromium</c>).
/// <c>DATAFLOWLUNG_SHOTS=DIR</c> also saves a screenshot of each page there.</summary>
public sealed class BrowserTests : IDisposable
{
    readonly TempFolder tmp = new();

    public void Dispose() => tmp.Dispose();

    const string ImagesProblems =
        "JSON.stringify([...document.images].filter(i => !i.complete || i.naturalWidth === 0).map(i => i.alt))";

    static async Task<HeadlessChromium> Browser(CancellationToken ct)
    {
        var chromium = HeadlessChromium.Find();
        Skip.If(chromium is null, "no Chromium on the PATH (apt-get install chromium, or set DATAFLOWLUNG_CHROMIUM)");
        return await HeadlessChromium.StartAsync(chromium!, ct);
    }

    static async Task Shot(HeadlessChromium browser, string name, CancellationToken ct)
    {
        if (Environment.GetEnvironmentVariable("DATAFLOWLUNG_SHOTS") is { Length: > 0 } dir)
        {
            Directory.CreateDirectory(dir);
            await File.WriteAllBytesAsync(Path.Combine(dir, name), await browser.ScreenshotAsync(ct), ct);
        }
    }

    [SkippableFact]
    public async Task Report_html_loads_every_image_without_console_errors_and_its_summary_box_shows_report_json()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var ct = timeout.Token;
        var job = tmp.Combine("job");
        JobFolderFixture.Write(job, "tiny", skill: 0.3);
        await using var browser = await Browser(ct);
        await browser.OpenAsync(Path.Combine(job, "report.html"), ct);
        await Shot(browser, "report.png", ct);

        Assert.True((await browser.EvaluateAsync("document.images.length", ct))!.GetValue<int>() >= 4, "ROC, calibration, loss and metrics at least");
        Assert.Equal("[]", (await browser.EvaluateAsync(ImagesProblems, ct))!.GetValue<string>());
        Assert.Empty(browser.Errors);

        // The summary box comes first and holds report.json's patient AUC with its interval, n, positives and the threshold's figures.
        Assert.Equal("summary", (await browser.EvaluateAsync("document.querySelector('section').id", ct))!.GetValue<string>());
        var report = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(job, "report.json"), ct))!;
        var patient = report["val"]!["patient"]!;
        var auc = patient["intervals"]!["auc"]!;
        string Cell(string metric) => $"document.querySelector('#summary tr[data-set=validation] [data-metric={metric}]').textContent";
        string F(JsonNode n) => n.GetValue<double>().ToString("0.000", CultureInfo.InvariantCulture);
        Assert.Equal($"{F(auc["value"]!)} [{F(auc["low"]!)}, {F(auc["high"]!)}]", (await browser.EvaluateAsync(Cell("auc"), ct))!.GetValue<string>());
        Assert.Equal(patient["count"]!.ToString(), (await browser.EvaluateAsync(Cell("n"), ct))!.GetValue<string>());
        Assert.Equal(patient["support"]!["positive"]!.ToString(), (await browser.EvaluateAsync(Cell("positives"), ct))!.GetValue<string>());
        var atThreshold = report["threshold"]!["validation"]!["patient"]!;
        string Percent(JsonNode n) => (100 * n.GetValue<double>()).ToString("0.0", CultureInfo.InvariantCulture) + " %";
        Assert.Equal(Percent(atThreshold["sensitivity"]!), (await browser.EvaluateAsync(Cell("sensitivity_at_threshold"), ct))!.GetValue<string>());
        Assert.Equal(Percent(atThreshold["specificity"]!), (await browser.EvaluateAsync(Cell("specificity_at_threshold"), ct))!.GetValue<string>());
        // 4 positive patients of 12: the banner says the numbers are anecdotal.
        Assert.Contains("anecdotal", (await browser.EvaluateAsync("document.querySelector('#anecdotal').textContent", ct))!.GetValue<string>());
    }

    [SkippableFact]
    public async Task Compare_html_loads_every_image_without_console_errors_and_shows_the_paired_test()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var ct = timeout.Token;
        JobFolderFixture.Write(tmp.Combine("a"), "tiny", skill: 0.1, seed: 1);
        JobFolderFixture.Write(tmp.Combine("b"), "mixednet", skill: 0.6, seed: 2);
        var written = CompareRun.Run([tmp.Combine("a"), tmp.Combine("b")], tmp.Combine("out"), force: false).Match(w => w, e => throw new Xunit.Sdk.XunitException(e.Message));
        await using var browser = await Browser(ct);
        await browser.OpenAsync(tmp.Combine("out", "compare.html"), ct);
        await Shot(browser, "compare.png", ct);

        Assert.Equal(3, (await browser.EvaluateAsync("document.images.length", ct))!.GetValue<int>()); // ROC, loss, metric
        Assert.Equal("[]", (await browser.EvaluateAsync(ImagesProblems, ct))!.GetValue<string>());
        Assert.Empty(browser.Errors);
        Assert.Equal(2, (await browser.EvaluateAsync("document.querySelectorAll('#jobs tr[data-job]').length", ct))!.GetValue<int>());
        var pair = Assert.Single(written.Comparison.Pairs);
        Assert.Equal(pair.Test.PValue!.Value.ToString("0.000", CultureInfo.InvariantCulture),
            (await browser.EvaluateAsync("document.querySelector('#tests td.p').textContent", ct))!.GetValue<string>());
    }

    [SkippableFact]
    public async Task A_broken_image_and_a_console_error_are_caught()
    {
        // The checks above must be able to fail: a page with an undecodable image and a script error.
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var ct = timeout.Token;
        var page = tmp.Combine("bad.html");
        await File.WriteAllTextAsync(page, "<!DOCTYPE html><html><body><img alt=\"broken\" src=\"data:image/png;base64,AAAA\"><script>console.error('boom')</script></body></html>", ct);
        await using var browser = await Browser(ct);
        await browser.OpenAsync(page, ct);
        Assert.Equal("[\"broken\"]", (await browser.EvaluateAsync(ImagesProblems, ct))!.GetValue<string>());
        Assert.Contains(browser.Errors, e => e.Contains("boom"));
    }
}
