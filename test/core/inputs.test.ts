import { describe, expect, it } from 'vitest';
import { INPUT_PRESETS, parseInputs, parseNumberList } from '../../src/core/inputs.js';

describe('inputs', () => {
  it('parses lists, matrices and presets', () => {
    expect(parseInputs('-1,-0.6, 0.2')).toEqual([[-1], [-0.6], [0.2]]);
    expect(parseInputs('0.5 1; 1 1')).toEqual([[0.5, 1], [1, 1]]);
    expect(parseInputs('paper-gauss').map((p) => p[0])).toEqual([-1, -0.6, -0.2, 0.2, 0.6, 1].map((x) => x * 0.01));
    expect(parseInputs('table5-relu-train')[0]![0]).toBeCloseTo(0.2 * Math.SQRT1_2, 15);
    expect(INPUT_PRESETS['paper-relu-3d']!.points[0]).toEqual([0.2, 0.2, 0.2]);
  });
  it('rejects malformed sets with INVALID_ARGUMENT', () => {
    for (const bad of ['', '1,,x', '1 2; 3', 'nan', '1e999']) {
      expect(() => parseInputs(bad)).toThrowError(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    }
    expect(() => parseNumberList('2,-1', 'width', (x) => x > 0)).toThrowError(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(parseNumberList('7,inf', 'cutoff', (x) => x > 0)).toEqual([7, Infinity]);
  });
});
