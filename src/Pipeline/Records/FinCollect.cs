using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;

namespace DataflowLung.Pipeline;

/// <summary>Many fallible results as one: every value, or every failure together (one message a line), so the user
/// sees all problems at once instead of the first one.</summary>
public static class FinCollect
{
    public static Fin<Seq<A>> CollectAll<A>(this Seq<Fin<A>> items)
    {
        var errors = items.Bind(f => f.Match(_ => Seq<string>(), e => Seq1(e.Message)));
        return errors.IsEmpty
            ? FinSucc(items.Bind(f => f.Match(Seq1, _ => Seq<A>())))
            : FinFail<Seq<A>>(Error.New(string.Join(Environment.NewLine, errors)));
    }
}
