import { ApiError } from './errors';
import { freshSession, signOut } from './session';

export interface SseEvent {
  event: string;
  data: string;
}

/**
 * An incremental `text/event-stream` parser: feed it text as it arrives, get the complete events.
 * Handles CRLF, multi-line `data:` fields, comments and events split across chunks.
 */
export class SseParser {
  private buffer = '';
  private carriageReturn = false;

  push(text: string): SseEvent[] {
    // A CR at the end of a chunk may be the first half of a CRLF: decide when the next chunk comes.
    let raw = (this.carriageReturn ? '\r' : '') + text;
    this.carriageReturn = raw.endsWith('\r');
    if (this.carriageReturn) raw = raw.slice(0, -1);
    this.buffer += raw.replace(/\r\n?/g, '\n');
    const events: SseEvent[] = [];
    let end: number;
    while ((end = this.buffer.indexOf('\n\n')) >= 0) {
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      let event = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line === '' || line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const name = colon < 0 ? line : line.slice(0, colon);
        let value = colon < 0 ? '' : line.slice(colon + 1);
        if (value.startsWith(' ')) value = value.slice(1);
        if (name === 'event') event = value;
        else if (name === 'data') data.push(value);
      }
      if (data.length > 0) events.push({ event, data: data.join('\n') });
    }
    return events;
  }
}

/**
 * POSTs JSON and reads the server-sent events of the answer (the admin API's debug chat). A JSON error
 * answer before the stream opens is thrown as an {@link ApiError}; `signal` stops reading.
 */
export async function postSse(
  path: string,
  body: unknown,
  onEvent: (event: SseEvent) => void,
  signal?: AbortSignal,
): Promise<void> {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'text/event-stream' };
  const current = await freshSession();
  if (current) headers.authorization = `Bearer ${current.token}`;
  let response: Response;
  try {
    response = await fetch(path, { method: 'POST', headers, body: JSON.stringify(body), signal });
  } catch (failure) {
    if (signal?.aborted) return;
    throw new ApiError(0, 'network', failure instanceof Error ? failure.message : String(failure));
  }
  if (response.status === 401) signOut(true);
  if (!response.ok) throw await ApiError.from(response);
  if (!response.body) return;
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  const parser = new SseParser();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      for (const event of parser.push(value)) onEvent(event);
    }
  } catch (failure) {
    if (!signal?.aborted) throw new ApiError(0, 'network', failure instanceof Error ? failure.message : String(failure));
  }
}
