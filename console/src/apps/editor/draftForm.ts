import type { AppConfig } from '../queries';

/** The editor's form values: the draft, with the variables map as an ordered list of rows. */
export type DraftForm = Omit<AppConfig, 'variables'> & { variables: { name: string; value: string }[] };

/** What the knowledge fields show while the draft links no knowledge. */
export const NO_KNOWLEDGE = { knowledgeBaseIds: [] as string[], topK: 4, scoreThreshold: 0.5, mode: 'hybrid' as const };

export function toForm(draft: AppConfig): DraftForm {
  return {
    ...draft,
    variables: Object.entries(draft.variables ?? {}).map(([name, value]) => ({ name, value })),
    knowledge: draft.knowledge ?? { ...NO_KNOWLEDGE },
  };
}

/**
 * Back to the API's shape. Fields the form does not hold are taken from `draft`, so a setting the
 * console has no control for yet survives a save.
 */
export function fromForm(form: Partial<DraftForm>, draft: AppConfig): AppConfig {
  const { variables, ...rest } = form;
  const merged: AppConfig = { ...draft, ...rest } as AppConfig;
  // No base picked means no knowledge (the API wants 1 to 10 bases or none at all).
  if (merged.knowledge && !merged.knowledge.knowledgeBaseIds?.length) {
    if (draft.knowledge === undefined) delete merged.knowledge;
    else merged.knowledge = null;
  }
  // A fallback row left half-filled is not sent (the API would refuse it); an offline app has none.
  if (merged.fallbacks) {
    merged.fallbacks = merged.model ? merged.fallbacks.filter((f) => f && f.providerId && f.modelName) : [];
  }
  if (variables !== undefined) {
    merged.variables = Object.fromEntries(
      variables.filter((row) => row && row.name && row.name.trim()).map((row) => [row.name.trim(), row.value ?? '']),
    );
  }
  return merged;
}

const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_.-]*)\s*\}\}/g;

/** The `{{name}}` placeholders of a prompt, in order of first use. */
export function placeholders(prompt: string): string[] {
  const names: string[] = [];
  for (const match of prompt.matchAll(PLACEHOLDER)) if (!names.includes(match[1])) names.push(match[1]);
  return names;
}

export interface PromptSegment {
  text: string;
  variable?: string;
}

/** The prompt split into plain text and placeholders, for highlighting. */
export function segments(prompt: string): PromptSegment[] {
  const parts: PromptSegment[] = [];
  let last = 0;
  for (const match of prompt.matchAll(PLACEHOLDER)) {
    if (match.index > last) parts.push({ text: prompt.slice(last, match.index) });
    parts.push({ text: match[0], variable: match[1] });
    last = match.index + match[0].length;
  }
  if (last < prompt.length) parts.push({ text: prompt.slice(last) });
  return parts;
}

/**
 * An RFC 7396 JSON Merge Patch that turns `before` into `after`: changed members with their new
 * value, removed members as null, arrays replaced whole. Empty when nothing changed.
 */
export function mergePatch(before: unknown, after: unknown): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  const a = (before ?? {}) as Record<string, unknown>;
  const b = (after ?? {}) as Record<string, unknown>;
  for (const key of Object.keys(a)) if (!(key in b) || b[key] === undefined) patch[key] = null;
  for (const [key, value] of Object.entries(b)) {
    if (value === undefined) continue;
    const old = a[key];
    if (isObject(value) && isObject(old)) {
      const inner = mergePatch(old, value);
      if (Object.keys(inner).length > 0) patch[key] = inner;
    } else if (JSON.stringify(old) !== JSON.stringify(value)) {
      patch[key] = value;
    }
  }
  return patch;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** JSON with sorted keys and without undefined members: equal drafts give equal strings. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, inner) =>
    inner && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.keys(inner).sort().map((k) => [k, inner[k]]))
      : inner,
  );
}
