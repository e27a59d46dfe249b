/** Title, virtual clock and time controls. */
import { useCallback } from 'react';
import { connectCluster } from '../cluster/connection';
import { useClusterStore } from '../state/cluster-store';
import { formatClock } from '../state/format';
import type { Speed } from '../../workers/cluster/protocol';

const speeds: Speed[] = [0.25, 0.5, 1, 2, 4, 8, 16, 32, 64, 'max'];

export function TopBar() {
  const clock = useClusterStore((s) => s.clock);
  const phase = useClusterStore((s) => s.phase);
  const revision = useClusterStore((s) => s.revision);
  const setClock = useClusterStore((s) => s.setClock);

  const togglePause = useCallback(async () => {
    const api = await connectCluster();
    setClock(clock.paused ? await api.play() : await api.pause());
  }, [clock.paused, setClock]);
  const step = useCallback(async () => {
    const api = await connectCluster();
    setClock(await api.step());
  }, [setClock]);
  const changeSpeed = useCallback(
    async (value: string) => {
      const api = await connectCluster();
      setClock(await api.setSpeed(value === 'max' ? 'max' : (Number(value) as Speed)));
    },
    [setClock],
  );
  const reset = useCallback(async () => {
    if (!window.confirm('Reset the cluster? Everything in it is deleted.')) return;
    const api = await connectCluster();
    await api.reset();
    window.location.reload();
  }, []);

  return (
    <header className="topbar">
      <h1>
        <img src="./favicon.svg" alt="" width={22} height={22} /> kubesim
      </h1>
      <div className="clock" title="Virtual cluster time (UTC)" data-testid="clock">
        {phase === 'running' ? formatClock(clock.nowMs) : '--:--:--'}
      </div>
      <button onClick={togglePause} disabled={phase !== 'running'} aria-label={clock.paused ? 'Play' : 'Pause'}>
        {clock.paused ? '▶ Play' : '❚❚ Pause'}
      </button>
      <button onClick={step} disabled={phase !== 'running' || !clock.paused} title="Run the next simulation event">
        Step
      </button>
      <label className="speed">
        Speed
        <select value={String(clock.speed)} onChange={(e) => void changeSpeed(e.target.value)} disabled={phase !== 'running'}>
          {speeds.map((s) => (
            <option key={String(s)} value={String(s)}>
              {s === 'max' ? 'max' : `${s}x`}
            </option>
          ))}
        </select>
      </label>
      <span className="revision" title="etcd revision">rev {revision}</span>
      <span className="spacer" />
      <span className={`status status-${phase}`} data-testid="cluster-status">
        {phase === 'running' ? 'Cluster running' : phase === 'refused' ? 'Running in another tab' : 'Starting…'}
      </span>
      <button onClick={reset} disabled={phase !== 'running'}>
        Reset
      </button>
    </header>
  );
}
