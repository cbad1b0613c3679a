using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DataflowLung.Tests.Views;

/// <summary>The system's Chromium, headless, driven over the DevTools protocol (a WebSocket; no driver, no network):
/// open a file, wait for its load event, collect console errors, exceptions and log errors, and evaluate expressions
/// on the page. Found as <c>chromium</c> (Debian: <c>apt-get install chromium</c>), <c>chromium-browser</c> or
/// <c>google-chrome</c> on the PATH, or <c>DATAFLOWLUNG_CHROMIUM</c>; <see cref="Find"/> returns null when there is none.</summary>
public sealed class HeadlessChromium : IAsyncDisposable
{
    readonly Process process;
    readonly string profile;
    readonly ClientWebSocket socket = new();
    readonly List<string> errors = [];
    readonly Dictionary<int, TaskCompletionSource<JsonNode>> pending = [];
    TaskCompletionSource loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    int nextId;
    Task? pump;

    public IReadOnlyList<string> Errors { get { lock (errors) return errors.ToList(); } }

    HeadlessChromium(Process process, string profile) => (this.process, this.profile) = (process, profile);

    public static string? Find()
    {
        if (Environment.GetEnvironmentVariable("DATAFLOWLUNG_CHROMIUM") is { Length: > 0 } set && File.Exists(set)) return set;
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
            foreach (var name in new[] { "chromium", "chromium-browser", "google-chrome" })
                if (dir.Length > 0 && File.Exists(Path.Combine(dir, name))) return Path.Combine(dir, name);
        return null;
    }

    public static async Task<HeadlessChromium> StartAsync(string executable, CancellationToken ct)
    {
        var profile = Directory.CreateTempSubdirectory("dataflowlung-chromium-").FullName;
        var info = new ProcessStartInfo(executable)
        {
            RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false,
        };
        foreach (var a in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                     "--remote-debugging-port=0", $"--user-data-dir={profile}", "--window-size=1400,2000", "about:blank" })
            info.ArgumentList.Add(a);
        var process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {executable}");
        var browser = new HeadlessChromium(process, profile);
        _ = process.StandardOutput.ReadToEndAsync(ct);
        // Chromium prints "DevTools listening on ws://127.0.0.1:PORT/devtools/browser/ID" on stderr once it is up.
        string? line;
        Uri? endpoint = null;
        while ((line = await process.StandardError.ReadLineAsync(ct)) is not null)
            if (line.StartsWith("DevTools listening on ", StringComparison.Ordinal))
            {
                endpoint = new Uri(line["DevTools listening on ".Length..].Trim());
                break;
            }
        if (endpoint is null) throw new InvalidOperationException($"{executable} exited without opening its DevTools endpoint");
        _ = process.StandardError.ReadToEndAsync(ct);
        using var http = new HttpClient();
        var targets = JsonNode.Parse(await http.GetStringAsync($"http://{endpoint.Authority}/json/list", ct))!.AsArray();
        var page = targets.First(t => t!["type"]!.GetValue<string>() == "page")!["webSocketDebuggerUrl"]!.GetValue<string>();
        await browser.socket.ConnectAsync(new Uri(page), ct);
        browser.pump = browser.PumpAsync(ct);
        foreach (var domain in new[] { "Runtime.enable", "Log.enable", "Page.enable" }) await browser.SendAsync(domain, null, ct);
        return browser;
    }

    /// <summary>Opens the file and waits for its load event (every image decoded or failed by then).</summary>
    public async Task OpenAsync(string file, CancellationToken ct)
    {
        loaded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var result = await SendAsync("Page.navigate", new JsonObject { ["url"] = new Uri(Path.GetFullPath(file)).AbsoluteUri }, ct);
        if (result["errorText"] is { } error) throw new InvalidOperationException($"cannot open {file}: {error}");
        await loaded.Task.WaitAsync(ct);
    }

    /// <summary>A JavaScript expression's value, returned by value (JSON).</summary>
    public async Task<JsonNode?> EvaluateAsync(string expression, CancellationToken ct)
    {
        var result = await SendAsync("Runtime.evaluate", new JsonObject { ["expression"] = expression, ["returnByValue"] = true }, ct);
        if (result["exceptionDetails"] is { } ex) throw new InvalidOperationException($"{expression}: {ex.ToJsonString()}");
        return result["result"]?["value"];
    }

    /// <summary>A PNG of the page as shown.</summary>
    public async Task<byte[]> ScreenshotAsync(CancellationToken ct) =>
        Convert.FromBase64String((await SendAsync("Page.captureScreenshot", new JsonObject { ["format"] = "png" }, ct))["data"]!.GetValue<string>());

    async Task<JsonNode> SendAsync(string method, JsonObject? parameters, CancellationToken ct)
    {
        var source = new TaskCompletionSource<JsonNode>(TaskCreationOptions.RunContinuationsAsynchronously);
        int id;
        lock (pending) pending[id = ++nextId] = source;
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters ?? new JsonObject() };
        await socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, ct);
        return await source.Task.WaitAsync(ct);
    }

    async Task PumpAsync(CancellationToken ct)
    {
        var buffer = new byte[1 << 16];
        var message = new MemoryStream();
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                var received = await socket.ReceiveAsync(buffer, ct);
                if (received.MessageType == WebSocketMessageType.Close) break;
                message.Write(buffer, 0, received.Count);
                if (!received.EndOfMessage) continue;
                var node = JsonNode.Parse(message.ToArray())!;
                message.SetLength(0);
                if (node["id"] is { } id)
                {
                    TaskCompletionSource<JsonNode>? source;
                    lock (pending) pending.Remove(id.GetValue<int>(), out source);
                    if (node["error"] is { } error) source?.TrySetException(new InvalidOperationException(error.ToJsonString()));
                    else source?.TrySetResult(node["result"] ?? new JsonObject());
                    continue;
                }
                var p = node["params"] ?? new JsonObject();
                var method = node["method"]?.GetValue<string>();
                string? Text(JsonNode? n) => n?.ToString();
                if (method == "Page.loadEventFired") loaded.TrySetResult();
                else if (method == "Runtime.consoleAPICalled" && Text(p["type"]) is "error" or "assert")
                    Add("console: " + string.Join(" ", p["args"]!.AsArray().Select(Describe)));
                else if (method == "Runtime.exceptionThrown") Add("exception: " + p["exceptionDetails"]?.ToJsonString());
                else if (method == "Log.entryAdded" && p["entry"] is { } entry && Text(entry["level"]) == "error")
                    Add("log: " + Text(entry["text"]) + " " + Text(entry["url"]));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException) { }
    }

    static string? Describe(JsonNode? argument) => argument is null ? null : (argument["value"] ?? argument["description"])?.ToString();

    void Add(string error)
    {
        lock (errors) errors.Add(error);
    }

    public async ValueTask DisposeAsync()
    {
        try { await SendAsync("Browser.close", null, new CancellationTokenSource(TimeSpan.FromSeconds(5)).Token); }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or InvalidOperationException) { }
        if (!process.WaitForExit(5000)) process.Kill(entireProcessTree: true);
        process.Dispose();
        socket.Dispose();
        try { Directory.Delete(profile, recursive: true); } catch (IOException) { }
    }
}
