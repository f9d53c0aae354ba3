// The contract every base model (BertModel, RobertaModel, DistilBertModel, AlbertModel, ElectraModel) fulfils for the heads.
using NluSharp.Nn;

namespace NluSharp.Models;

/// <summary>A base Transformer encoder.</summary>
public interface IEncoder
{
    /// <summary>Width of the hidden states.</summary>
    int HiddenSize { get; }
    /// <summary>The word embedding table (tied to masked-LM decoders).</summary>
    Embedding WordEmbeddings { get; }
    /// <summary>Runs the encoder.</summary>
    EncoderOutput Forward(EncoderInput input);
}
