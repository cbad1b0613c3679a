using Spectre.Console;
using Spectre.Console.Rendering;

namespace DataflowLung.Runner.Cli;

/// <summary>Renders Spectre tables to a command's writer: colours on a live terminal, plain text (wide
/// enough not to wrap) when redirected, in CI or in tests.</summary>
public static class Rendering
{
    public static void Write(CliContext ctx, IRenderable renderable)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(ctx.Out),
            Ansi = ctx.Live ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = ctx.Live ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = ctx.Live ? InteractionSupport.Yes : InteractionSupport.No,
        });
        if (!ctx.Live) console.Profile.Width = 200;
        console.Write(renderable);
    }
}
