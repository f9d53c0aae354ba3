// A seeded train/validation split that never holds the dataset: Knuth's selection sampling (TAOCP vol. 2,
// Algorithm 3.4.2 S) picks exactly round(n * fraction) rows uniformly at random in one sequential pass, so train and
// validation are each a re-read of the file with the same seed.
namespace NluSharp.Evaluation.Datasets;

/// <summary>Splits a <see cref="UserDataset"/> into disjoint train and validation streams.</summary>
public sealed class TrainValidationSplit
{
    readonly UserDataset _dataset;
    readonly ulong _seed;

    /// <summary>Sets up the split; counts the rows with one streaming pass.</summary>
    public TrainValidationSplit(UserDataset dataset, double validationFraction, ulong seed)
    {
        if (!(validationFraction > 0 && validationFraction < 1))
            throw new ArgumentOutOfRangeException(nameof(validationFraction), $"validation fraction must be in (0, 1), got {validationFraction}");
        _dataset = dataset;
        _seed = seed;
        Total = dataset.Read().LongCount();
        ValidationCount = (long)Math.Round(Total * validationFraction, MidpointRounding.AwayFromZero);
    }

    /// <summary>Rows in the dataset.</summary>
    public long Total { get; }

    /// <summary>Rows in the validation part (exactly round(Total × fraction)).</summary>
    public long ValidationCount { get; }

    /// <summary>The training rows, in file order.</summary>
    public IEnumerable<UserExample> Train() => Select(validation: false);

    /// <summary>The validation rows, in file order.</summary>
    public IEnumerable<UserExample> Validation() => Select(validation: true);

    IEnumerable<UserExample> Select(bool validation)
    {
        var random = new SplitMix64(_seed);
        long seen = 0, selected = 0;
        foreach (var example in _dataset.Read())
        {
            if (seen >= Total) throw new InvalidDataException($"{_dataset.Path} grew while being split ({Total} rows when counted)");
            // Select this row with probability (still needed) / (still left), which yields exactly ValidationCount rows.
            var isValidation = random.NextDouble() * (Total - seen) < ValidationCount - selected;
            seen++;
            if (isValidation) selected++;
            if (isValidation == validation) yield return example;
        }
    }

    /// <summary>SplitMix64 (Steele et al. 2014): tiny, seedable, and identical on every platform and .NET version.</summary>
    struct SplitMix64(ulong seed)
    {
        ulong _state = seed;

        public double NextDouble()
        {
            var z = NluSharp.Engine.CounterRandom.Mix(_state += 0x9E3779B97F4A7C15UL);
            return (z >> 11) * (1.0 / (1UL << 53));
        }
    }
}
