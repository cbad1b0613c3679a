namespace DataflowLung.Export.Keras;

/// <summary>Keras' automatic layer names in a fresh session: the first layer of a kind is <c>conv2d</c>, the next
/// <c>conv2d_1</c>, and so on, one counter per kind shared by top-level layers and the sub-layers custom layers build
/// (model9's InvertedResidual builds <c>conv2d_5</c>… after the inception's five). Used to name a missing layer.</summary>
public sealed class KerasNames
{
    private readonly Dictionary<string, int> counters = new(StringComparer.Ordinal);

    public string Next(string kind)
    {
        int n = counters.GetValueOrDefault(kind);
        counters[kind] = n + 1;
        return n == 0 ? kind : $"{kind}_{n}";
    }
}
