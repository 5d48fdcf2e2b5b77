import { describe, expect, it } from 'vitest';
import { configDiff, diffLines } from './diff';

function apply(lines: ReturnType<typeof diffLines>) {
  return {
    before: lines.filter((l) => l.kind !== 'add').map((l) => l.text),
    after: lines.filter((l) => l.kind !== 'del').map((l) => l.text),
  };
}

describe('diffLines', () => {
  it('produces a script that rebuilds both sides, with the fewest edits', () => {
    const a = ['a', 'b', 'c', 'a', 'b', 'b', 'a'];
    const b = ['c', 'b', 'a', 'b', 'a', 'c'];
    const script = diffLines(a, b);
    expect(apply(script)).toEqual({ before: a, after: b });
    expect(script.filter((l) => l.kind !== 'same')).toHaveLength(5); // Myers' classic example: D = 5
  });

  it('handles empty sides and identical inputs', () => {
    expect(diffLines([], ['x'])).toEqual([{ kind: 'add', text: 'x' }]);
    expect(diffLines(['x'], [])).toEqual([{ kind: 'del', text: 'x' }]);
    expect(diffLines(['x', 'y'], ['x', 'y']).every((l) => l.kind === 'same')).toBe(true);
  });

  it('is fast on a large config with one change', () => {
    const a = Array.from({ length: 20000 }, (_, i) => `line ${i}`);
    const b = [...a];
    b[10000] = 'changed';
    const started = performance.now();
    const script = diffLines(a, b);
    expect(script.filter((l) => l.kind !== 'same')).toEqual([
      { kind: 'del', text: 'line 10000' },
      { kind: 'add', text: 'changed' },
    ]);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('configDiff', () => {
  it('compares by content whatever the key order and folds long unchanged runs', () => {
    const before = { name: 'a', systemPrompt: 'old', variables: { x: '1', y: '2' }, qaPairs: Array.from({ length: 20 }, (_, i) => ({ question: `q${i}`, answer: 'a' })) };
    const after = { systemPrompt: 'new', name: 'a', variables: { y: '2', x: '1' }, qaPairs: before.qaPairs };
    const diff = configDiff(before, after);
    expect(diff.filter((l) => l.kind === 'del')).toEqual([{ kind: 'del', text: '  "systemPrompt": "old",' }]);
    expect(diff.filter((l) => l.kind === 'add')).toEqual([{ kind: 'add', text: '  "systemPrompt": "new",' }]);
    expect(diff.some((l) => l.kind === 'fold')).toBe(true);
  });
});
