import { setFlagsFromString } from 'node:v8';

/**
 * How V8 manages the heap of a process that answers requests (the server, and the benchmark that measures it
 * in-process). V8 "pretenures" what an allocation site makes once most of it has outlived a young-generation
 * collection: it is then allocated straight among the long-lived objects. In a server almost nothing a request
 * makes outlives the request, but whatever a pretenured object points to (the rows of a query result, the
 * strings of a reply) is kept alive by it through every young collection until the next full one: measured on
 * the person search, 18 % of the young generation survived each collection, 2.5 MB of it moved to the old
 * generation, and each collection paused the process 3.4 ms. Without pretenuring: 6 %, 0.85 MB, 1.1 ms
 * (docs/benchmark.md). Called first thing, before the app allocates.
 */
export function tuneHeapForRequests(): void {
  setFlagsFromString('--no-allocation-site-pretenuring');
}
