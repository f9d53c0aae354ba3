// Scalar special functions the BCL lacks (erf), accurate to double precision so that GELU's forward and its
// analytic derivative agree under central-difference gradient checks.
namespace NluSharp.Engine.Kernels;

public static class SpecialFunctions
{
    const double TwoOverSqrtPi = 1.1283791670955126;

    /// <summary>
    /// Error function. Uses erf(x) = 2/√π · e^(−x²) · Σₙ 2ⁿ x^(2n+1) / (1·3·…·(2n+1)) (Abramowitz &amp; Stegun 7.1.6):
    /// every term is positive, so there is no cancellation; relative error is a few ulp for |x| &lt; 6,
    /// and erf(x) rounds to ±1 in double beyond that.
    /// </summary>
    public static double Erf(double x)
    {
        if (double.IsNaN(x)) return double.NaN;
        double ax = Math.Abs(x);
        if (ax >= 6.0) return Math.Sign(x);
        double x2 = ax * ax, term = ax, sum = ax;
        for (int n = 1; n < 200; n++)
        {
            term *= 2.0 * x2 / (2 * n + 1);
            sum += term;
            if (term < sum * 1e-17) break;
        }
        double r = TwoOverSqrtPi * Math.Exp(-x2) * sum;
        return x < 0 ? -r : r;
    }
}
