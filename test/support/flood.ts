import { INestApplication } from '@nestjs/common';
import type { AddressInfo } from 'node:net';

/** What the abuse-limit suites look at in an answer. */
export interface Answer {
  status: number;
  code: string | undefined;
  retryAfter: string | null;
}

/** Starts the app on an ephemeral loopback port (keep-alive connections for fast floods); its base URL. */
export async function listenOnLoopback(app: INestApplication): Promise<string> {
  await app.listen(0, '127.0.0.1');
  return `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
}

/** One request; the body is read whole and its error code kept. */
export async function send(url: string, init: RequestInit = {}): Promise<Answer> {
  const res = await fetch(url, init);
  const text = await res.text();
  let code: string | undefined;
  try {
    code = (JSON.parse(text) as { code?: string }).code;
  } catch {
    code = undefined;
  }
  return { status: res.status, code, retryAfter: res.headers.get('retry-after') };
}

/** `count` requests made by `one`, at most `concurrency` in flight, as fast as they are answered. */
export async function flood(
  count: number,
  concurrency: number,
  one: () => Promise<Answer>,
): Promise<Answer[]> {
  const answers: Answer[] = [];
  let started = 0;
  const worker = async (): Promise<void> => {
    while (started < count) {
      started++;
      answers.push(await one());
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return answers;
}

/** Answers by status, e.g. { 200: 15, 429: 1985 }. */
export function statusCounts(answers: Answer[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const a of answers) counts[a.status] = (counts[a.status] ?? 0) + 1;
  return counts;
}
