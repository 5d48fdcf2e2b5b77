export interface DiffLine {
  kind: 'same' | 'add' | 'del';
  text: string;
}

/**
 * A line diff (Myers' O(ND) algorithm): the shortest edit script from `a` to `b`. Fast when the two
 * differ little, which is the case for two versions of one app.
 */
export function diffLines(a: string[], b: string[]): DiffLine[] {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = false;
  for (let d = 0; d <= max && !found; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = true;
        break;
      }
    }
  }
  // Walk the trace back from the end to recover the edit script.
  const out: DiffLine[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0; d--) {
    const vd = trace[d];
    const k = x - y;
    const prevK = k === -d || (k !== d && vd[offset + k - 1] < vd[offset + k + 1]) ? k + 1 : k - 1;
    const prevX = vd[offset + prevK];
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      out.push({ kind: 'same', text: a[--x] });
      y--;
    }
    if (d > 0) {
      if (x === prevX) out.push({ kind: 'add', text: b[--y] });
      else out.push({ kind: 'del', text: a[--x] });
    }
  }
  return out.reverse();
}

/** Stable pretty JSON (sorted keys), so two configs diff by content, not by key order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value), null, 2);
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value as object)
        .sort()
        .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

/** The diff of two app configurations, with unchanged stretches longer than `context` folded. */
export function configDiff(before: unknown, after: unknown, context = 3): (DiffLine | { kind: 'fold'; count: number })[] {
  const lines = diffLines(canonicalJson(before).split('\n'), canonicalJson(after).split('\n'));
  const out: (DiffLine | { kind: 'fold'; count: number })[] = [];
  for (let i = 0; i < lines.length; ) {
    if (lines[i].kind !== 'same') {
      out.push(lines[i++]);
      continue;
    }
    let j = i;
    while (j < lines.length && lines[j].kind === 'same') j++;
    const run = j - i;
    const head = i === 0 ? 0 : context;
    const tail = j === lines.length ? 0 : context;
    if (run > head + tail + 1) {
      out.push(...lines.slice(i, i + head), { kind: 'fold', count: run - head - tail }, ...lines.slice(j - tail, j));
    } else {
      out.push(...lines.slice(i, j));
    }
    i = j;
  }
  return out;
}
