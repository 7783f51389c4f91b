/** Plain full-batch logistic regression (with a bias), for checking linear separability in tests. */
export function logisticRegression(
  rows: readonly Float64Array[],
  labels: readonly number[],
  options: { steps: number; learningRate: number },
): { weights: Float64Array; bias: number; accuracy: (rows: readonly Float64Array[], labels: readonly number[]) => number } {
  const d = rows[0]!.length;
  const weights = new Float64Array(d);
  let bias = 0;
  const grad = new Float64Array(d);
  const score = (x: Float64Array): number => {
    let s = bias;
    for (let j = 0; j < d; j++) s += weights[j]! * x[j]!;
    return s;
  };
  for (let step = 0; step < options.steps; step++) {
    grad.fill(0);
    let gradBias = 0;
    rows.forEach((x, i) => {
      const y = labels[i] === 1 ? 1 : -1;
      // d/ds log(1 + exp(−y s)) = −y σ(−y s)
      const g = -y / (1 + Math.exp(y * score(x)));
      for (let j = 0; j < d; j++) grad[j] = grad[j]! + g * x[j]!;
      gradBias += g;
    });
    for (let j = 0; j < d; j++) weights[j] = weights[j]! - (options.learningRate * grad[j]!) / rows.length;
    bias -= (options.learningRate * gradBias) / rows.length;
  }
  const accuracy = (xs: readonly Float64Array[], ys: readonly number[]): number =>
    xs.reduce((correct, x, i) => correct + ((score(x) > 0 ? 1 : 0) === ys[i] ? 1 : 0), 0) / xs.length;
  return { weights, bias, accuracy };
}
