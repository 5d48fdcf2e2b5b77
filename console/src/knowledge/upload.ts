/** A file's bytes as base64 (the admin API takes uploads inside JSON). */
export async function toBase64(file: Blob): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  const step = 0x8000;
  for (let i = 0; i < bytes.length; i += step) binary += String.fromCharCode(...bytes.subarray(i, i + step));
  return btoa(binary);
}

export type Stage = 'queued' | 'fetching' | 'parsing' | 'chunking' | 'embedding' | 'ready' | 'failed';

const ORDER: Stage[] = ['queued', 'fetching', 'parsing', 'chunking', 'embedding', 'ready'];

/**
 * Where a document stands on one bar: each stage takes its share and the API's `progress` (0–100)
 * moves within the stage that reports it, so the bar never goes back.
 */
export function overallPercent(status: Stage, progress: number | undefined, fromUrl: boolean): number {
  if (status === 'ready') return 100;
  if (status === 'failed') return 100;
  const stages = ORDER.filter((stage) => fromUrl || stage !== 'fetching');
  const index = Math.max(0, stages.indexOf(status));
  const share = 100 / (stages.length - 1);
  const within = Math.min(100, Math.max(0, progress ?? 0)) / 100;
  return Math.min(99, Math.round(index * share + within * share));
}
