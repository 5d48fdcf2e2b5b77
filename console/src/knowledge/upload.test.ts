import { describe, expect, it } from 'vitest';
import { overallPercent, toBase64 } from './upload';

describe('upload helpers', () => {
  it('encodes files as base64, large ones too', async () => {
    expect(await toBase64(new Blob(['hello']))).toBe('aGVsbG8=');
    const big = new Uint8Array(200_000).map((_, i) => i % 256);
    const decoded = Uint8Array.from(atob(await toBase64(new Blob([big]))), (c) => c.charCodeAt(0));
    // Compared byte by byte: toEqual's deep diff of 200,000 elements took seconds on a loaded machine.
    expect(decoded.length).toBe(big.length);
    expect(decoded.findIndex((b, i) => b !== big[i])).toBe(-1);
  });

  it('moves one bar forward through the stages', () => {
    const seen = [
      overallPercent('queued', 0, false),
      overallPercent('parsing', 50, false),
      overallPercent('chunking', 0, false),
      overallPercent('embedding', 90, false),
      overallPercent('ready', 100, false),
    ];
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
    expect(seen[4]).toBe(100);
    expect(overallPercent('embedding', 100, false)).toBeLessThan(100);
    expect(overallPercent('fetching', 0, true)).toBeGreaterThan(overallPercent('queued', 0, true));
  });
});
