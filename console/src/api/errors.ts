/** One problem the workflow validator found, naming node and field when it can. */
export interface ValidationProblem {
  node?: string | null;
  field?: string | null;
  message: string;
}

/**
 * An error answer of the admin API (`{"error":{"code","message"}}`), or a network failure (status 0).
 * `field` is the request field the message names, when it names one, so forms can show it in place.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly field: string | null;
  readonly problems: ValidationProblem[];

  constructor(status: number, code: string, message: string, problems: ValidationProblem[] = []) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.field = fieldOf(message);
    this.problems = problems;
  }

  static async from(response: Response, body?: unknown): Promise<ApiError> {
    let parsed = body;
    if (parsed === undefined) {
      try {
        parsed = await response.clone().json();
      } catch {
        parsed = undefined;
      }
    }
    return ApiError.fromBody(response.status, parsed);
  }

  static fromBody(status: number, body: unknown): ApiError {
    const error = (body as { error?: { code?: string; message?: string; errors?: ValidationProblem[] } } | undefined)
      ?.error;
    if (error && typeof error.message === 'string') {
      return new ApiError(status, error.code ?? 'error', error.message, Array.isArray(error.errors) ? error.errors : []);
    }
    return new ApiError(status, 'http_' + status, `HTTP ${status}`);
  }
}

const IDENT = String.raw`[A-Za-z_][A-Za-z0-9_]*(?:\[\d+\])?(?:\.[A-Za-z_][A-Za-z0-9_]*(?:\[\d+\])?)*`;
const QUOTED = new RegExp(String.raw`^(?:unknown field|field|invalid value of field) '(${IDENT})'`);
const LEADING = new RegExp(String.raw`^(${IDENT}) (?:must|may|is|has|cannot|should|needs|does)\b`);
const AT = new RegExp(String.raw`\(at (${IDENT})\)$`);

/**
 * The request field an admin-API message names, as a dotted path (`memory.lastMessages`,
 * `qaPairs[2].answer`), or null. The API words its messages "field 'x' must be ...",
 * "unknown field 'x'", "x must ..." and, for a value nested in an object, "y must ... (at x)".
 */
export function fieldOf(message: string): string | null {
  const quoted = QUOTED.exec(message);
  if (quoted) return quoted[1];
  const leading = LEADING.exec(message);
  const at = AT.exec(message);
  if (leading && at) {
    const [inner, outer] = [leading[1], at[1]];
    return inner.startsWith(outer + '.') || inner === outer ? inner : `${outer}.${inner}`;
  }
  if (at) return at[1];
  if (leading) return leading[1];
  return null;
}

/** A dotted path as antd's form name path: `qaPairs[2].answer` → `['qaPairs', 2, 'answer']`. */
export function namePath(field: string): (string | number)[] {
  const path: (string | number)[] = [];
  for (const part of field.split('.')) {
    const match = /^([^[]+)((?:\[\d+\])*)$/.exec(part);
    if (!match) {
      path.push(part);
      continue;
    }
    path.push(match[1]);
    for (const index of match[2].matchAll(/\[(\d+)\]/g)) path.push(Number(index[1]));
  }
  return path;
}

export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
