/** Title, virtual clock and time controls, scenarios, Share and Reset; the scenario banner below. */
import { useCallback } from 'react';
import { setSpeed, stepOnce, togglePlay } from '../cluster/time-controls';
import { openLink, resetCluster } from '../scenarios/scenario-commands';
import { ScenarioBanner } from '../scenarios/ScenarioBanner';
import { ScenarioMenu } from '../scenarios/ScenarioMenu';
import { useScenarioStore } from '../scenarios/scenario-store';
import { ShareButton } from '../scenarios/ShareButton';
import { useShareLinkInAddress } from '../scenarios/use-dismiss';
import { useT } from '../i18n/i18n';
import { useClusterStore } from '../state/cluster-store';
import { useUiStore } from '../state/ui-store';
import { formatClock } from '../state/format';
import type { Speed } from '../../workers/cluster/protocol';

/** The product's name, the same in every language. */
const PRODUCT = 'kubesim';

const speeds: Speed[] = [0.25, 0.5, 1, 2, 4, 8, 16, 32, 64, 'max'];

export function TopBar() {
  const t = useT();
  const nowMs = useClusterStore((s) => s.clock.nowMs);
  const paused = useClusterStore((s) => s.clock.paused);
  const speed = useClusterStore((s) => s.clock.speed);
  const phase = useClusterStore((s) => s.phase);
  const revision = useClusterStore((s) => s.revision);
  const presenting = useUiStore((s) => s.presenting);
  const setPresenting = useUiStore((s) => s.setPresenting);

  const changeSpeed = useCallback((value: string) => void setSpeed(value === 'max' ? 'max' : (Number(value) as Speed)), []);
  const busy = useScenarioStore((s) => s.busy);
  useShareLinkInAddress(useCallback((link: string) => void openLink(link), []));
  const running = phase === 'running';

  return (
    <>
      <header className="topbar">
        <h1>
          <img src="./favicon.svg" alt="" width={22} height={22} /> {PRODUCT}
        </h1>
        <div className="time-controls">
          <div className="clock" title={t('topbar.clockTitle')} data-testid="clock">
            {running ? formatClock(nowMs) : '--:--:--'}
          </div>
          <button
            className="play"
            onClick={() => void togglePlay()}
            disabled={!running}
            aria-label={paused ? t('topbar.play') : t('topbar.pause')}
            title={paused ? t('topbar.playTitle') : t('topbar.pauseTitle')}
          >
            {paused ? `▶ ${t('topbar.play')}` : `❚❚ ${t('topbar.pause')}`}
          </button>
          <button onClick={() => void stepOnce()} disabled={!running || !paused} title={t('topbar.stepTitle')}>
            {t('topbar.step')}
          </button>
          <label className="speed">
            {t('topbar.speed')}
            <select value={String(speed)} onChange={(e) => changeSpeed(e.target.value)} disabled={!running}>
              {speeds.map((s) => (
                <option key={String(s)} value={String(s)}>
                  {s === 'max' ? t('topbar.speedMax') : t('topbar.speedTimes', { n: s })}
                </option>
              ))}
            </select>
          </label>
        </div>
        <span className="revision" title={t('topbar.revisionTitle')}>
          {t('topbar.revision', { revision })}
        </span>
        <span className="spacer" />
        <span className={`status status-${phase}`} data-testid="cluster-status">
          {running ? t('topbar.status.running') : phase === 'refused' ? t('topbar.status.refused') : t('topbar.status.starting')}
        </span>
        <ScenarioMenu disabled={!running} />
        <ShareButton disabled={!running} />
        <button onClick={() => setPresenting(!presenting)} aria-pressed={presenting} title={t('topbar.presentTitle')}>
          {presenting ? t('topbar.exitPresent') : t('topbar.present')}
        </button>
        <button
          onClick={() => void resetCluster()}
          disabled={!running || busy}
          title={t('topbar.resetTitle')}
          data-testid="reset-button"
        >
          {t('topbar.reset')}
        </button>
      </header>
      <ScenarioBanner />
    </>
  );
}
