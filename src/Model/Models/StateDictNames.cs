using System.Text.RegularExpressions;
using LanguageExt;
using static LanguageExt.Prelude;

namespace DataflowLung.Model.Models;

/// <summary>How a model's state-dict keys (TorchSharp field names) are called in its reference PyTorch class
/// (bench/anchors/pytorch_train.py; TinyCnn: bench/anchors/check_export.py), declared in the model's own file
/// (<see cref="ModelFactory.PyTorchNames"/>) and in its blocks' files for the parts they own. Rules are tried in
/// order, first match wins; a key no rule matches has no name and fails the export, so a renamed module shows up at
/// export time and check_export.py's strict <c>load_state_dict</c> catches the PyTorch side.</summary>
public sealed class StateDictNames
{
    /// <summary>A BatchNorm2d's entries, as one group.</summary>
    public const string BatchNorm = "(weight|bias|running_mean|running_var|num_batches_tracked)";

    private readonly Seq<Func<string, Option<string>>> rules;

    private StateDictNames(Seq<Func<string, Option<string>>> rules) => this.rules = rules;

    /// <summary>Whole-key rules: a pattern (anchored at both ends) and its PyTorch name, with <c>$1</c>… for its groups.</summary>
    public static StateDictNames Of(params (string From, string To)[] rules) =>
        new(toSeq(rules).Map(r =>
        {
            var pattern = new Regex("^" + r.From + "$", RegexOptions.CultureInvariant);
            return (Func<string, Option<string>>)(key => pattern.Match(key) is { Success: true } m ? Some(m.Result(r.To)) : None);
        }));

    /// <summary>These rules for the keys of a sub-module: keys starting with <paramref name="from"/> (a pattern) are
    /// named <paramref name="to"/> (with the prefix's groups) followed by what these rules make of the rest. A block's
    /// names are declared once, in its file, and reused wherever it sits.</summary>
    public StateDictNames Under(string from, string to)
    {
        var prefix = new Regex("^" + from, RegexOptions.CultureInvariant);
        return new(rules.Map(rule => (Func<string, Option<string>>)(key =>
            prefix.Match(key) is { Success: true } m ? rule(key[m.Length..]).Map(rest => m.Result(to) + rest) : None)));
    }

    /// <summary>These rules, then <paramref name="more"/>.</summary>
    public StateDictNames Then(StateDictNames more) => new(rules + more.rules);

    /// <summary>The PyTorch name of <paramref name="key"/>, or None when no rule names it.</summary>
    public Option<string> Map(string key) => rules.Map(rule => rule(key)).Somes().HeadOrNone();
}
