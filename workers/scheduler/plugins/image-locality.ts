/**
 * ImageLocality: favours nodes that already hold the pod's images, weighted by image size and by
 * how widely the image is spread (so one node holding a popular image is not over-favoured).
 */
import type { CycleState, ScorePlugin } from '../framework/interfaces';
import { MAX_NODE_SCORE } from '../framework/interfaces';
import type { NodeInfo } from '../framework/node-info';
import { normalizedImageName, type PodInfo } from '../framework/pod-info';
import { FLAG_IMAGES, type NodeColumns } from '../framework/node-columns';

/** The plugin's name. */
export const ImageLocalityName = 'ImageLocality';

const MB = 1024 * 1024;
/** Upstream's thresholds: below 23 MB scores 0, 1000 MB per container scores the maximum. */
export const MIN_THRESHOLD = 23 * MB;
export const MAX_CONTAINER_THRESHOLD = 1000 * MB;

/** Adds `:latest` to an image without a tag or digest (kept on PodInfo, computed once per pod). */
export { normalizedImageName };

/** The score for a sum of image sizes over `numContainers` containers. */
export function calculatePriority(sumScores: number, numContainers: number): number {
  const maxThreshold = MAX_CONTAINER_THRESHOLD * numContainers;
  const s = Math.min(Math.max(sumScores, MIN_THRESHOLD), maxThreshold);
  return Math.trunc((MAX_NODE_SCORE * (s - MIN_THRESHOLD)) / (maxThreshold - MIN_THRESHOLD));
}

// This cycle's scores per imageStates map (CycleState key).
const SCORES_KEY = 'Score' + ImageLocalityName;

/** Scores image presence. */
export class ImageLocality implements ScorePlugin {
  readonly name = ImageLocalityName;

  constructor(private readonly totalNodes: () => number) {}

  scoreFast(_state: CycleState, pi: PodInfo, columns: NodeColumns, row: number): number {
    return (columns.flags[row] & FLAG_IMAGES) === 0 ? calculatePriority(0, pi.imageNames.length) : -1;
  }

  scoreFastRows(_state: CycleState, pi: PodInfo, c: NodeColumns, rows: ArrayLike<number>, out: Float64Array): void {
    // Every node without images scores the same: computed once.
    const none = calculatePriority(0, pi.imageNames.length);
    for (let i = 0; i < out.length; i++) out[i] = (c.flags[rows[i]] & FLAG_IMAGES) === 0 ? none : -1;
  }

  score(state: CycleState, pi: PodInfo, ni: NodeInfo): number {
    if (ni.imageCount === 0) return calculatePriority(0, pi.imageNames.length);
    // Within a cycle the pod, the node count and the summaries are fixed: nodes reporting the same
    // image list share one imageStates map, and so one score, kept in the cycle's state.
    let byStates = state.read<Map<ReadonlyMap<string, unknown>, number>>(SCORES_KEY);
    if (byStates === undefined) state.write(SCORES_KEY, (byStates = new Map()));
    const known = byStates.get(ni.imageStates);
    if (known !== undefined) return known;
    const score = this.scoreImages(pi, ni);
    byStates.set(ni.imageStates, score);
    return score;
  }

  private scoreImages(pi: PodInfo, ni: NodeInfo): number {
    const images = pi.imageNames;
    let sum = 0;
    const total = this.totalNodes();
    for (const name of images) {
      const st = name ? ni.imageStates.get(name) : undefined;
      // Upstream's scaledImageScore: size x (nodes holding it / all nodes), as float64 then truncated.
      if (st) sum += Math.trunc(st.size * (st.numNodes / total));
    }
    return calculatePriority(sum, images.length);
  }
}
