/** Play/pause, step and speed, shared by the top bar's buttons and the keyboard shortcuts. */
import { connectCluster } from './connection';
import { useClusterStore } from '../state/cluster-store';
import type { Speed } from '../../workers/cluster/protocol';

/** Pauses a running clock, or plays a paused one. */
export async function togglePlay(): Promise<void> {
  const api = await connectCluster();
  const { clock, setClock } = useClusterStore.getState();
  setClock(clock.paused ? await api.play() : await api.pause());
}

/** Runs the next simulation event (only meaningful while paused). */
export async function stepOnce(): Promise<void> {
  const api = await connectCluster();
  useClusterStore.getState().setClock(await api.step());
}

export async function setSpeed(speed: Speed): Promise<void> {
  const api = await connectCluster();
  useClusterStore.getState().setClock(await api.setSpeed(speed));
}
