// A lean load generator for the benches that put the platform's cost in a ratio against work done without HTTP (issue
// #4: password sign-in vs raw argon2 verify). The load generator shares the machine's cores with the server, so every
// CPU millisecond it spends is taken from the side it measures: autocannon parses each answer with a JavaScript HTTP
// parser (http-parser-js) and keeps histograms, ~0.3 ms of main-thread CPU per request measured on the sign-in bench —
// a tenth of what the platform itself spends around the hash. This client keeps `connections` keep-alive sockets, writes
// prebuilt requests and reads only the status line and Content-Length of each answer.
import net from 'node:net';

export interface LoadResult {
  /** time from the first request to the last answer */
  ms: number;
  /** when each answer arrived (performance.now()), in order */
  answeredAt: number[];
  /** answers by status */
  statuses: Record<number, number>;
}

/**
 * Sends `amount` requests over `connections` keep-alive connections to `url` and waits for every answer. `request(i)`
 * returns the i-th request's method, path, headers and body; the Host, Content-Length and keep-alive headers are added.
 */
export async function load(
  url: string,
  opts: { connections: number; amount: number; request: (i: number) => { method: string; path: string; headers?: Record<string, string>; body?: string } },
): Promise<LoadResult> {
  const { hostname, port } = new URL(url);
  const statuses: Record<number, number> = {};
  let next = 0;
  const answeredAt: number[] = [];
  const build = (i: number): Buffer => {
    const r = opts.request(i);
    const body = r.body === undefined ? null : Buffer.from(r.body);
    let head = `${r.method} ${r.path} HTTP/1.1\r\nhost: ${hostname}:${port}\r\nconnection: keep-alive\r\n`;
    for (const [k, v] of Object.entries(r.headers ?? {})) head += `${k}: ${v}\r\n`;
    if (body) head += `content-length: ${body.length}\r\n`;
    head += '\r\n';
    return body ? Buffer.concat([Buffer.from(head), body]) : Buffer.from(head);
  };
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(opts.connections, opts.amount) }, () =>
      new Promise<void>((resolve, reject) => {
        const socket = net.connect({ host: hostname, port: Number(port), noDelay: true });
        let buf: Buffer = Buffer.alloc(0);
        const send = () => {
          if (next >= opts.amount) {
            socket.end();
            resolve();
            return;
          }
          socket.write(build(next++));
        };
        socket.on('connect', send);
        socket.on('error', reject);
        socket.on('close', () => (next < opts.amount ? reject(new Error('the server closed a keep-alive connection')) : resolve()));
        socket.on('data', (chunk: Buffer) => {
          buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
          for (;;) {
            const end = buf.indexOf('\r\n\r\n');
            if (end < 0) return;
            const head = buf.subarray(0, end).toString('latin1');
            const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? NaN);
            if (!Number.isFinite(length)) {
              socket.destroy();
              reject(new Error(`an answer without Content-Length: ${head.split('\r\n')[0]}`));
              return;
            }
            if (buf.length < end + 4 + length) return;
            const status = Number(head.slice(9, 12));
            statuses[status] = (statuses[status] ?? 0) + 1;
            buf = buf.subarray(end + 4 + length);
            answeredAt.push(performance.now());
            send();
          }
        });
      }),
    ),
  );
  return { ms: (answeredAt.at(-1) ?? t0) - t0, answeredAt, statuses };
}
