// A module that only groups children under a name (Hugging Face wrapper modules such as BertOnlyMLMHead "cls").

namespace NluSharp.Nn;

/// <summary>A named group of sub-modules with no computation of its own.</summary>
public sealed class Container : Module
{
    /// <summary>Registers child under name and returns it.</summary>
    public TModule Add<TModule>(string name, TModule child) where TModule : Module => AddModule(name, child);
}
