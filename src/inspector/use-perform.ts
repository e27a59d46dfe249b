/** Runs script actions through the cluster worker's `perform` (as a scenario script would), keeping the last outcome to show. */
import { useCallback, useState } from 'react';
import type { ActionOutcome, ScriptAction } from '../../workers/cluster/script-actions';
import { connectCluster } from '../cluster/connection';
import { useControlPlane } from './control-plane-store';

export interface Perform {
  outcome?: ActionOutcome;
  busy: boolean;
  run(action: ScriptAction): Promise<ActionOutcome>;
}

export function usePerform(): Perform {
  const [outcome, setOutcome] = useState<ActionOutcome>();
  const [busy, setBusy] = useState(false);
  const run = useCallback(async (action: ScriptAction) => {
    setBusy(true);
    let result: ActionOutcome;
    try {
      result = await (await connectCluster()).perform(action);
    } catch (e) {
      result = { ok: false, text: e instanceof Error ? e.message : String(e) };
    }
    if (result.controlPlane) useControlPlane.setState(result.controlPlane);
    setOutcome(result);
    setBusy(false);
    return result;
  }, []);
  return { outcome, busy, run };
}
