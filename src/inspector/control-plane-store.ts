/**
 * Whether kube-scheduler and kube-controller-manager run, as the last control-plane action said.
 * A booted or reloaded cluster starts both, so "running" is right until the page stops one.
 */
import { create } from 'zustand';
import type { ControlPlaneState } from '../../workers/cluster/script-actions';

export const useControlPlane = create<ControlPlaneState>(() => ({ scheduler: true, controllerManager: true }));
