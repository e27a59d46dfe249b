/**
 * "Edit" from anywhere on the page (Inspector, Objects table): the object's cleaned YAML goes into
 * the YAML tab's editor, which opens. The editor reads the newest request; `seq` tells repeats apart.
 */
import { create } from 'zustand';
import type { KubeObject } from '../../workers/api/types';
import { useUiStore } from '../state/ui-store';
import { editYaml, objectRef } from './edit-manifest';

export interface EditRequest {
  /** kubectl's name of the object (`deployment.apps/web`). */
  ref: string;
  yaml: string;
  seq: number;
}

interface EditRequestState {
  request?: EditRequest;
  /** Forgets the request (the editor shows no "Editing" line any more). */
  clear(): void;
}

export const useEditRequest = create<EditRequestState>((set) => ({
  clear: () => set({ request: undefined }),
}));

let seq = 0;

/** Loads `obj` (as `kubectl get -o yaml`, cleaned for re-apply) into the editor and shows the YAML tab. */
export async function editObject(obj: KubeObject): Promise<void> {
  const yaml = await editYaml(obj);
  useEditRequest.setState({ request: { ref: objectRef(obj), yaml, seq: ++seq } });
  useUiStore.getState().setSideTab('yaml');
}
