// Typed configs: each fixture config.json loads into its class with the right values and saves back byte for byte;
// unknown fields survive; wrongly typed fields are reported by name; Python float formatting matches repr().
using System.Text;
using System.Text.Json.Nodes;
using NluSharp.Checkpoints.Configs;
using NluSharp.Tests;

namespace NluSharp.Checkpoints.Tests;

public sealed class ConfigTests
{
    [SkippableTheory]
    [InlineData("bert", typeof(BertConfig))]
    [InlineData("bert/mlm", typeof(BertConfig))]
    [InlineData("roberta", typeof(RobertaConfig))]
    [InlineData("distilbert", typeof(DistilBertConfig))]
    [InlineData("albert", typeof(AlbertConfig))]
    [InlineData("electra", typeof(ElectraConfig))]
    [InlineData("bert-vocab30522", typeof(BertConfig))]
    public void Fixture_configs_load_typed_and_save_back_byte_identical(string folder, Type expected)
    {
        var path = SharedData.Require($"fixtures/models/{folder}/config.json");
        var config = ModelConfig.Load(path);
        Assert.IsType(expected, config);
        Assert.Equal(File.ReadAllText(path), config.ToJson());
    }

    [SkippableFact]
    public void Typed_values_match_the_fixture_tables()
    {
        var bert = (BertConfig)ModelConfig.Load(SharedData.Require("fixtures/models/bert/config.json"));
        Assert.Equal((32, 2, 4, 128, 1000, 64), (bert.HiddenSize, bert.NumHiddenLayers, bert.NumAttentionHeads, bert.IntermediateSize, bert.VocabSize, bert.MaxPositionEmbeddings));
        Assert.Equal(1e-12, bert.LayerNormEps);
        Assert.Equal(3, bert.NumLabels);
        Assert.Null(bert.ClassifierDropout);
        Assert.Equal(["BertForSequenceClassification"], bert.Architectures);

        var roberta = (RobertaConfig)ModelConfig.Load(SharedData.Require("fixtures/models/roberta/config.json"));
        Assert.Equal((1, 1e-5, 1, 0, 2), (roberta.TypeVocabSize, roberta.LayerNormEps, roberta.PadTokenId, roberta.BosTokenId, roberta.EosTokenId));

        var distil = (DistilBertConfig)ModelConfig.Load(SharedData.Require("fixtures/models/distilbert/config.json"));
        Assert.Equal((32, 2, 4, 128, false), (distil.Dim, distil.NLayers, distil.NHeads, distil.HiddenDim, distil.SinusoidalPosEmbds));

        var albert = (AlbertConfig)ModelConfig.Load(SharedData.Require("fixtures/models/albert/config.json"));
        Assert.Equal((16, 1, 1, "gelu_new"), (albert.EmbeddingSize, albert.NumHiddenGroups, albert.InnerGroupNum, albert.HiddenAct));

        var electra = (ElectraConfig)ModelConfig.Load(SharedData.Require("fixtures/models/electra/config.json"));
        Assert.Equal((16, 96, "first", true), (electra.EmbeddingSize, electra.IntermediateSize, electra.SummaryType, electra.SummaryUseProj));
    }

    [Fact]
    public void Unknown_fields_and_nested_objects_survive_a_round_trip_and_edits()
    {
        var json = "{\"model_type\": \"bert\", \"hidden_size\": 64, \"num_attention_heads\": 4, \"my_custom\": {\"b\": [1, 2.5, null], \"a\": \"\u00e9\"}, \"float_x\": 1e-07}";
        var config = (BertConfig)ModelConfig.Parse(Encoding.UTF8.GetBytes(json));
        config.HiddenSize = 128;
        config.LayerNormEps = 1e-5;
        var saved = config.ToJson();
        Assert.Equal("""
            {
              "float_x": 1e-07,
              "hidden_size": 128,
              "layer_norm_eps": 1e-05,
              "model_type": "bert",
              "my_custom": {
                "a": "\u00e9",
                "b": [
                  1,
                  2.5,
                  null
                ]
              },
              "num_attention_heads": 4
            }

            """.Replace("\r\n", "\n"), saved);
        var again = ModelConfig.Parse(Encoding.UTF8.GetBytes(saved));
        Assert.True(JsonNode.DeepEquals(config.Fields, again.Fields));
    }

    [Fact]
    public void Defaults_follow_the_transformers_classes()
    {
        var bert = (BertConfig)ModelConfig.Parse("{\"model_type\":\"bert\"}"u8);
        Assert.Equal((30522, 768, 12, 3072, "gelu", 0), (bert.VocabSize, bert.HiddenSize, bert.NumAttentionHeads, bert.IntermediateSize, bert.HiddenAct, bert.PadTokenId));
        var albert = (AlbertConfig)ModelConfig.Parse("{\"model_type\":\"albert\"}"u8);
        Assert.Equal((30000, 4096, 64, "gelu_new", 0.0, 128), (albert.VocabSize, albert.HiddenSize, albert.NumAttentionHeads, albert.HiddenAct, albert.HiddenDropoutProb, albert.EmbeddingSize));
        var electra = (ElectraConfig)ModelConfig.Parse("{\"model_type\":\"electra\"}"u8);
        Assert.Equal((256, 4, 1024), (electra.HiddenSize, electra.NumAttentionHeads, electra.IntermediateSize));
        var roberta = (RobertaConfig)ModelConfig.Parse("{\"model_type\":\"roberta\"}"u8);
        Assert.Equal((50265, 1), (roberta.VocabSize, roberta.PadTokenId));
        Assert.Equal(2, bert.NumLabels);
    }

    [Theory]
    [InlineData("{\"model_type\":\"bert\",\"hidden_size\":\"big\"}", "hidden_size")]
    [InlineData("{\"model_type\":\"bert\",\"hidden_size\":30,\"num_attention_heads\":4}", "num_attention_heads")]
    [InlineData("{\"model_type\":\"distilbert\",\"sinusoidal_pos_embds\":3}", "sinusoidal_pos_embds")]
    [InlineData("{\"model_type\":\"bert\",\"id2label\":{\"x\":\"A\"}}", "id2label")]
    [InlineData("[1,2]", "JSON object")]
    [InlineData("{\"model_type\": ", "not valid JSON")]
    public void Bad_configs_name_the_field(string json, string expected)
    {
        var e = Assert.Throws<CheckpointFormatException>(() => ModelConfig.Parse(Encoding.UTF8.GetBytes(json), "cfg/config.json"));
        Assert.Contains(expected, e.Message);
        Assert.StartsWith("cfg/config.json: ", e.Message);
    }

    [Theory]
    [InlineData(1e-12, "1e-12")]
    [InlineData(0.1, "0.1")]
    [InlineData(100.0, "100.0")]
    [InlineData(1e16, "1e+16")]
    [InlineData(1234567890123456.0, "1234567890123456.0")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(0.00001, "1e-05")]
    [InlineData(-2.5e-7, "-2.5e-07")]
    [InlineData(0.14, "0.14")]
    [InlineData(3.4028234663852886e38, "3.4028234663852886e+38")]
    public void Floats_are_written_as_python_repr(double value, string expected) =>
        Assert.Equal(expected, PythonJson.PythonFloatRepr(value));
}
