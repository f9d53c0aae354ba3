// An indexed list of modules whose children are named "0", "1", … (torch.nn.ModuleList), e.g. encoder.layer.N.
namespace NluSharp.Nn;

/// <summary>Sub-layers named by their index.</summary>
public sealed class ModuleList<TModule> : Module where TModule : Module
{
    readonly List<TModule> items = new();

    /// <summary>Builds count modules with <paramref name="create"/>(index).</summary>
    public ModuleList(int count, Func<int, TModule> create)
    {
        for (int i = 0; i < count; i++) items.Add(AddModule(i.ToString(System.Globalization.CultureInfo.InvariantCulture), create(i)));
    }

    /// <summary>Number of modules.</summary>
    public int Count => items.Count;

    /// <summary>The module at index.</summary>
    public TModule this[int index] => items[index];
}
