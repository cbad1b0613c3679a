using DataflowLung.Pipeline.Tasks;
using System.CommandLine;
using DataflowLung.Pipeline;
using DataflowLung.Experiments.Parameters;

namespace DataflowLung.Runner.Cli.Commands;

/// <summary><c>runner parameters</c>: every config key with its default and meaning (what a config file may hold); a key
/// whose values a registry lists (models, datasets) is followed by one line per value.</summary>
public static class ParametersCommand
{
    public static Command Create(CliContext ctx)
    {
        var command = new Command("parameters", "List every parameter a config file or --set may hold, with its default");
        command.SetAction((ParseResult _, CancellationToken _) =>
        {
            var defaults = JobParameters.Defaults(TaskRegistry.Pneumonia);
            foreach (var key in ParameterKeys.All)
            {
                ctx.Out.WriteLine($"{key.Name,-22} {key.Get(defaults)?.ToJsonString() ?? "",-18} {key.HelpWithChoices}");
                foreach (var choice in key.Choices.Filter(c => c.Help.Length > 0))
                    ctx.Out.WriteLine($"{"",-42}  {choice.Name,-12} {choice.Help}");
            }
            ctx.Out.WriteLine();
            ctx.Out.WriteLine($"A config with \"{OriginalNames.MarkerKey}\": \"{OriginalNames.MarkerValue}\" holds the original's parameters module: " +
                              "every name is the key above of the same name and meaning, except:");
            foreach (var (original, here, why) in OriginalNames.Renamed)
                ctx.Out.WriteLine($"  {original,-20} → {here,-26} {why}");
            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }
}
