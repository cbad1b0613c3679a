using LanguageExt;
using static LanguageExt.Prelude;

namespace DataflowLung.Model.Training;

/// <summary>Composes <see cref="Fin{A}"/> with asynchronous steps, so a chain of fallible awaits reads as Bind / Map
/// without taking values out of the Fin and re-wrapping its error by hand.</summary>
public static class FinAsync
{
    public static Task<Fin<B>> BindAsync<A, B>(this Fin<A> fin, Func<A, Task<Fin<B>>> next) =>
        fin.Match(next, e => Task.FromResult(FinFail<B>(e)));

    public static async Task<Fin<B>> BindAsync<A, B>(this Task<Fin<A>> fin, Func<A, Task<Fin<B>>> next) =>
        await (await fin).BindAsync(next);

    public static async Task<Fin<B>> MapAsync<A, B>(this Task<Fin<A>> fin, Func<A, B> map) =>
        (await fin).Map(map);
}
