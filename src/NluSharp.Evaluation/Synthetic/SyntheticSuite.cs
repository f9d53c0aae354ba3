// A procedurally generated NLU suite for the built-in demo: three small tasks whose labels follow from
// compositional rules (negation, intensifiers, contrast, quantifiers, synonymy), so a model must read more than
// bag-of-words cues to beat chance. Everything is a pure function of the seed; nothing is read from disk.
using NluSharp.Evaluation.Formats;
using NluSharp.Evaluation.Tasks;

namespace NluSharp.Evaluation.Synthetic;

/// <summary>One generated task: its label set and train/dev/test examples (the test split is labeled too).</summary>
public sealed record SyntheticTask(string Name, string Description, IReadOnlyList<string> Labels,
    IReadOnlyList<TaskExample> Train, IReadOnlyList<TaskExample> Dev, IReadOnlyList<TaskExample> Test)
{
    /// <summary>Accuracy of always predicting the most frequent training label on dev (the chance baseline).</summary>
    public double MajorityBaseline
    {
        get
        {
            var majority = Train.GroupBy(e => e.Label).OrderByDescending(g => g.Count()).First().Key;
            return Dev.Count(e => e.Label == majority) / (double)Dev.Count;
        }
    }
}

public static class SyntheticSuite
{
    /// <summary>The three tasks: sentiment (single text), inference (pair, 3 labels), paraphrase (pair, 2 labels).</summary>
    public static IReadOnlyList<SyntheticTask> Generate(int seed, int trainSize = 2000, int evalSize = 400) =>
    [
        Build("sentiment", "review polarity with negation, intensifiers and 'but' contrast", ["negative", "positive"], seed, trainSize, evalSize, Sentiment),
        Build("inference", "entailment under all/some/no quantifiers and negation", ["entailment", "neutral", "contradiction"], seed + 1, trainSize, evalSize, Inference),
        Build("paraphrase", "paraphrase by synonym substitution vs. antonym or role swap", ["not_paraphrase", "paraphrase"], seed + 2, trainSize, evalSize, Paraphrase),
    ];

    static SyntheticTask Build(string name, string description, string[] labels, int seed, int trainSize, int evalSize,
        Func<Random, (TextInput input, string label)> make)
    {
        var rng = new Random(seed);
        var seen = new HashSet<string>();
        List<TaskExample> Split(string split, int count)
        {
            var examples = new List<TaskExample>(count);
            // Splits never share an input text, so dev/test measure generalization to new combinations.
            for (int attempts = 0; examples.Count < count && attempts < count * 50; attempts++)
            {
                var (input, label) = make(rng);
                if (!seen.Add(input.Text + "\u0001" + input.Pair)) continue;
                examples.Add(new TaskExample(examples.Count.ToString(), input, label, null, null, null,
                    new SourceLocation($"synthetic:{name}/{split}", examples.Count + 1)));
            }
            return examples;
        }
        return new SyntheticTask(name, description, labels, Split("train", trainSize), Split("dev", evalSize), Split("test", evalSize));
    }

    static T Pick<T>(Random rng, IReadOnlyList<T> items) => items[rng.Next(items.Count)];

    // ---- sentiment --------------------------------------------------------------------------------------------
    static readonly string[] Subjects = ["the movie", "the film", "the plot", "the acting", "the soundtrack", "the ending", "the script", "the cast", "the dialogue", "the pacing", "the story", "the director's work"];
    static readonly string[] Positive = ["good", "great", "charming", "moving", "brilliant", "delightful", "clever", "gripping", "funny", "beautiful", "wonderful", "sharp"];
    static readonly string[] Negative = ["bad", "dull", "boring", "clumsy", "awful", "tedious", "shallow", "messy", "lifeless", "predictable", "weak", "bland"];
    static readonly string[] Intensifiers = ["very", "really", "truly", "extremely", "remarkably", "quite"];
    static readonly string[] Negations = ["not", "never", "hardly"];
    static readonly string[] Verbs = ["is", "was", "seems", "felt"];

    static (string clause, bool positive) SentimentClause(Random rng)
    {
        bool positive = rng.Next(2) == 0;
        var adjective = Pick(rng, positive ? Positive : Negative);
        if (rng.Next(3) == 0) adjective = Pick(rng, Intensifiers) + " " + adjective;
        bool negated = rng.Next(3) == 0;
        var clause = $"{Pick(rng, Subjects)} {Pick(rng, Verbs)} {(negated ? Pick(rng, Negations) + " " : "")}{adjective}";
        return (clause, positive ^ negated);   // negation flips the polarity of the adjective
    }

    static (TextInput, string) Sentiment(Random rng)
    {
        var (first, polarity) = SentimentClause(rng);
        string text = first;
        if (rng.Next(3) == 0)
        {
            // "X but Y": the clause after "but" decides (the classic contrast rule).
            var (second, secondPolarity) = SentimentClause(rng);
            text = $"{first} but {second}";
            polarity = secondPolarity;
        }
        return (new TextInput(char.ToUpperInvariant(text[0]) + text[1..] + "."), polarity ? "positive" : "negative");
    }

    // ---- inference ----------------------------------------------------------------------------------------------
    static readonly string[] Animals = ["dogs", "cats", "birds", "horses", "rabbits", "foxes", "sheep", "goats", "ducks", "mice"];
    static readonly string[] Places = ["in the park", "on the farm", "in the garden", "near the river", "in the barn", "at the zoo"];
    static readonly string[] Activities = ["sleeping", "eating", "running", "playing", "resting", "hiding", "swimming", "singing"];

    static (TextInput, string) Inference(Random rng)
    {
        string animal = Pick(rng, Animals), place = Pick(rng, Places), activity = Pick(rng, Activities);
        string Sentence(string quantifier, string a, string act, bool negated) =>
            $"{quantifier} {a} {place} {(quantifier == "No" ? "are" : negated ? "are not" : "are")} {act}.";
        int kind = rng.Next(6);
        string premise, hypothesis, label;
        switch (kind)
        {
            case 0: // All X are A ⇒ Some X are A
                premise = Sentence("All", animal, activity, false); hypothesis = Sentence("Some", animal, activity, false); label = "entailment"; break;
            case 1: // All X are A ⇏ … contradicted by "No X are A" / "Some X are not A"
                premise = Sentence("All", animal, activity, false);
                hypothesis = rng.Next(2) == 0 ? Sentence("No", animal, activity, false) : Sentence("Some", animal, activity, true);
                label = "contradiction"; break;
            case 2: // No X are A contradicts Some X are A
                premise = Sentence("No", animal, activity, false); hypothesis = Sentence("Some", animal, activity, false); label = "contradiction"; break;
            case 3: // No X are A ⇒ Some X are not A (existential reading, as in the templates' intended semantics)
                premise = Sentence("No", animal, activity, false); hypothesis = Sentence("Some", animal, activity, true); label = "entailment"; break;
            case 4: // Some X are A says nothing about all of them
                premise = Sentence("Some", animal, activity, false); hypothesis = Sentence("All", animal, activity, false); label = "neutral"; break;
            default: // Different subject or activity: unrelated
                var other = Pick(rng, Animals.Where(a => a != animal).ToArray());
                var otherActivity = Pick(rng, Activities.Where(a => a != activity).ToArray());
                premise = Sentence(Pick(rng, new[] { "All", "Some", "No" }), animal, activity, false);
                hypothesis = rng.Next(2) == 0 ? Sentence("Some", other, activity, false) : Sentence("Some", animal, otherActivity, false);
                label = "neutral"; break;
        }
        return (new TextInput(premise, hypothesis), label);
    }

    // ---- paraphrase ---------------------------------------------------------------------------------------------
    static readonly string[] People = ["the teacher", "the doctor", "my neighbour", "the chef", "the pilot", "the student", "the artist", "the farmer"];
    static readonly (string word, string synonym, string antonym)[] Verbs2 =
    [
        ("bought", "purchased", "sold"), ("started", "began", "finished"), ("liked", "enjoyed", "hated"), ("found", "discovered", "lost"),
        ("helped", "assisted", "hindered"), ("fixed", "repaired", "broke"), ("opened", "unlocked", "closed"), ("praised", "applauded", "criticized"),
    ];
    static readonly (string word, string synonym)[] Adjectives = [("big", "large"), ("small", "little"), ("quick", "fast"), ("old", "aged"), ("quiet", "silent"), ("happy", "glad")];
    static readonly string[] Objects = ["car", "book", "house", "project", "garden", "painting", "boat", "shop"];

    static (TextInput, string) Paraphrase(Random rng)
    {
        var (verb, synonym, antonym) = Pick(rng, Verbs2);
        var (adjective, adjectiveSynonym) = Pick(rng, Adjectives);
        string person = Pick(rng, People), obj = Pick(rng, Objects);
        string Sentence(string p, string v, string a) => $"{char.ToUpperInvariant(p[0]) + p[1..]} {v} the {a} {obj}.";
        var first = Sentence(person, verb, adjective);
        switch (rng.Next(4))
        {
            case 0: return (new TextInput(first, Sentence(person, synonym, adjectiveSynonym)), "paraphrase");
            case 1: return (new TextInput(first, Sentence(person, rng.Next(2) == 0 ? synonym : verb, rng.Next(2) == 0 ? adjectiveSynonym : adjective)), "paraphrase");
            case 2: return (new TextInput(first, Sentence(person, antonym, rng.Next(2) == 0 ? adjectiveSynonym : adjective)), "not_paraphrase");
            default:
                // Same words, different agent: a bag-of-words model cannot tell this from a paraphrase.
                var other = Pick(rng, People.Where(p => p != person).ToArray());
                return (new TextInput(first, Sentence(other, rng.Next(2) == 0 ? synonym : verb, adjective)), "not_paraphrase");
        }
    }
}
