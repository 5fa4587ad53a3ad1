// Minimal types for the parts of autocannon the benches use (no @types package is installed).
declare module 'autocannon' {
  interface Histogram {
    average: number;
    p99: number;
    total: number;
  }
  interface Result {
    requests: Histogram;
    latency: Histogram;
    non2xx: number;
    errors: number;
    timeouts: number;
  }
  interface RequestSpec {
    method?: string;
    headers?: Record<string, string>;
    body?: string;
    /** called before each request on that connection; returns the request to send */
    setupRequest?: (req: Record<string, unknown>) => Record<string, unknown>;
    /** called with each answer */
    onResponse?: (status: number, body: string) => void;
  }
  function autocannon(opts: {
    url: string;
    connections?: number;
    duration?: number;
    /** total requests to send; the duration is then ignored */
    amount?: number;
    pipelining?: number;
    headers?: Record<string, string>;
    requests?: RequestSpec[];
  }): Promise<Result>;
  export default autocannon;
}
