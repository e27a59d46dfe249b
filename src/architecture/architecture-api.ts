/** The architecture view's and the Internals panel's view of the cluster worker. */
import { connectCluster } from '../cluster/connection';
import type { TraceApi } from './ArchitectureView';
import type { InternalsApi } from './InternalsPanel';

export const traceApi: TraceApi = {
  traceDetail: async (seq) => (await connectCluster()).traceDetail(seq),
  start: async () => (await connectCluster()).traceStart(),
  stop: async () => (await connectCluster()).traceStop(),
  stepToMessage: async () => (await connectCluster()).stepToMessage(),
};

export const internalsApi: InternalsApi = {
  internals: async () => (await connectCluster()).internals(),
  inspectNode: async (node, query) => (await connectCluster()).inspectNode(node, query),
};
