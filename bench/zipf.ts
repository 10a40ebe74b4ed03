/**
 * Draws ranks 0…n−1 with probability ∝ 1/(rank+1)^s (Zipf): with s = 1 over 10,000 ranks the first
 * takes about 10% of the draws, the first 100 about half. Inverse CDF by binary search.
 */
export function zipf(n: number, s = 1, random: () => number = Math.random): () => number {
  const cdf = new Float64Array(n);
  let total = 0;
  for (let k = 0; k < n; k++) {
    total += 1 / (k + 1) ** s;
    cdf[k] = total;
  }
  return () => {
    const u = random() * total;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cdf[mid]! < u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}
