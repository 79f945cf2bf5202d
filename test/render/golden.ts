/**
 * Golden-file comparison with a tolerance for rounding: the text between
 * numbers must match exactly, numbers within `tol`. Coordinates are printed
 * with 2 decimals, so float noise in the last bit can flip the last printed
 * digit: the tolerance is one unit there (0.01) plus 1e-6.
 */
export const GOLDEN_TOLERANCE = 0.01 + 1e-6;

// A number not glued to a name ("x1", "y12" stay text and must match exactly).
const NUM = /(?<![A-Za-z_\d.])-?\d+(?:\.\d+)?(?:e[-+]?\d+)?/gi;

/** undefined when `actual` matches `expected`, else a description of the first difference. */
export function goldenDiff(actual: string, expected: string, tol = GOLDEN_TOLERANCE): string | undefined {
  const split = (s: string) => ({ text: s.split(NUM), nums: (s.match(NUM) ?? []).map(Number) });
  const a = split(actual), e = split(expected);
  if (a.nums.length !== e.nums.length || a.text.length !== e.text.length) {
    return `structure differs: ${a.nums.length} numbers vs ${e.nums.length} expected`;
  }
  for (let i = 0; i < a.text.length; i++) {
    if (a.text[i] !== e.text[i]) return `text differs at segment ${i}: ${JSON.stringify(a.text[i]!.slice(0, 80))} vs ${JSON.stringify(e.text[i]!.slice(0, 80))}`;
  }
  for (let i = 0; i < a.nums.length; i++) {
    if (Math.abs(a.nums[i]! - e.nums[i]!) > tol) return `number ${i} differs: ${a.nums[i]} vs ${e.nums[i]}`;
  }
  return undefined;
}
