// The replay harness the model parity tests plug into, exercised on the fixtures' real parameter sets with a stand-in
// loss (the models are not a dependency here): every step runs at the recorded learning rate, step 1 (lr 0) leaves the
// weights alone while AdamW's counters advance, and the decay groups come from the file.
using NluSharp.Checkpoints.Safetensors;
using NluSharp.Engine;
using NluSharp.Tests;
using NluSharp.Training.Optimization;
using NluSharp.Training.Parity;

namespace NluSharp.Training.Tests.Fixtures;

public class TrajectoryReplayTests
{
    [SkippableTheory]
    [MemberData(nameof(TrajectoryFixtureTests.Architectures), MemberType = typeof(TrajectoryFixtureTests))]
    public void ReplayRunsAtTheRecordedLearningRates(string arch)
    {
        var trajectory = TrainTrajectory.Load(SharedData.Require($"fixtures/models/{arch}/train_trajectory.json"));
        var parameters = new List<NamedParameter>();
        using (var checkpoint = SafetensorsReader.Open(SharedData.Require($"fixtures/models/{arch}/model.safetensors")))
            foreach (var t in checkpoint.Tensors)
            {
                var p = Tensor<float>.FromArray(t.ToFloat32(), t.Shape.Select(d => (int)d).ToArray());
                p.RequiresGrad = true;
                parameters.Add(new NamedParameter(t.Name, p));
            }
        var initial = parameters.Select(p => p.Value.ToArray()).ToList();
        Assert.Equal(5, trajectory.Batches.Count);
        Assert.Equal(4, trajectory.Batches[0].Size);

        // Stand-in loss touching every parameter and the batch: mean over parameters of p² weighted by the batch's token count.
        var results = trajectory.Replay(parameters, batch =>
        {
            Tensor<float>? total = null;
            foreach (var p in parameters)
            {
                var term = p.Value.Mul(p.Value).Mean().MulScalar(batch.RealTokens / 40f);
                total = total == null ? term : total.Add(term);
            }
            return total!;
        });
        for (int k = 0; k < 5; k++)
        {
            Assert.Equal(trajectory.Steps[k].LearningRate, results[k].LearningRate);
            Assert.Equal(k + 1, results[k].Step);
            Assert.True(results[k].GradNorm > 0);
        }
        Assert.Equal(0.0, results[0].LearningRate);
        Assert.Contains(parameters.Zip(initial), pair => !pair.First.Value.ToArray().SequenceEqual(pair.Second));
    }

    [Fact]
    public void KeyBiasNamesOfEveryArchitecture()
    {
        Assert.True(TrainTrajectory.IsAttentionKeyBias("bert.encoder.layer.0.attention.self.key.bias"));
        Assert.True(TrainTrajectory.IsAttentionKeyBias("albert.encoder.albert_layer_groups.0.albert_layers.0.attention.key.bias"));
        Assert.True(TrainTrajectory.IsAttentionKeyBias("distilbert.transformer.layer.1.attention.k_lin.bias"));
        Assert.False(TrainTrajectory.IsAttentionKeyBias("bert.encoder.layer.0.attention.self.key.weight"));
    }
}
