// Prometheus metrics at /metrics: per-route request counts and latency histograms, job counts, database pool.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Database } from './db/database.ts';
import type { Jobs } from './jobs.ts';

export function createMetrics(database: Database, jobs?: Jobs) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests by route and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency by route',
    labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  new Gauge({
    name: 'db_pool_connections',
    help: 'Database connections by state',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      const s = database.stats();
      this.set({ state: 'total' }, s.total);
      this.set({ state: 'idle' }, s.idle);
      this.set({ state: 'waiting' }, s.waiting);
    },
  });
  new Gauge({
    name: 'jobs_processed_total',
    help: 'Jobs handled by this process, by name and outcome',
    labelNames: ['job', 'outcome'] as const,
    registers: [registry],
    collect() {
      if (!jobs) return;
      for (const [job, n] of jobs.counters.completed) this.set({ job, outcome: 'completed' }, n);
      for (const [job, n] of jobs.counters.failed) this.set({ job, outcome: 'failed' }, n);
    },
  });
  new Gauge({
    name: 'jobs_queued',
    help: 'Jobs waiting in each queue',
    labelNames: ['job'] as const,
    registers: [registry],
    async collect() {
      if (!jobs) return;
      for (const [job, n] of Object.entries(await jobs.queueSizes().catch(() => ({})))) this.set({ job }, n);
    },
  });
  return { registry, requests, latency };
}
export type Metrics = ReturnType<typeof createMetrics>;
